using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Finds chunks through MEVD filters on indexed data properties, the one way every connector can serve.</summary>
/// <remarks>
/// <para>
/// Keys are never read back into a document id and index, and reads never page with <c>Skip</c>: Weaviate refuses an offset past
/// 10,000 results and Qdrant would fetch every skipped point again. Instead each scan pages by a numeric cursor (the chunk index
/// within a document, <see cref="JinaDocumentChunk{TKey}.DocumentNumber"/> across documents), ordered by it and filtered to
/// values at or past it — a range filter and an order on an indexed integer, which Qdrant, Azure AI Search, Cosmos DB, Weaviate
/// and PostgreSQL all serve.
/// </para>
/// <para>
/// A page re-reads the records at its starting value and skips those already returned, so records sharing a value (two
/// documents whose numbers collide, or a chunk index held twice by records of an older key scheme) are all returned once.
/// </para>
/// </remarks>
internal static class JinaChunkQueries
{
    public const int PageSize = 256;

    /// <summary>Reads a document's chunks by ascending chunk index, without vectors.</summary>
    public static IAsyncEnumerable<JinaDocumentChunk<TKey>> ReadDocumentAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string documentId,
        CancellationToken cancellationToken)
        where TKey : notnull
        => ScanAsync(
            collection,
            from =>
            {
                int index = (int)from;
                return r => r.DocumentId == documentId && r.ChunkIndex >= index;
            },
            r => r.ChunkIndex,
            r => r.ChunkIndex,
            cancellationToken);

    /// <summary>Reads the first chunk of every document, by ascending <see cref="JinaDocumentChunk{TKey}.DocumentNumber"/>, without vectors.</summary>
    public static IAsyncEnumerable<JinaDocumentChunk<TKey>> ReadDocumentHeadsAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        CancellationToken cancellationToken)
        where TKey : notnull
        => ScanAsync(
            collection,
            from => r => r.ChunkIndex == 0 && r.DocumentNumber >= from,
            r => r.DocumentNumber,
            r => r.DocumentNumber,
            cancellationToken);

    private static async IAsyncEnumerable<JinaDocumentChunk<TKey>> ScanAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        Func<long, Expression<Func<JinaDocumentChunk<TKey>, bool>>> filterFrom,
        Expression<Func<JinaDocumentChunk<TKey>, object?>> orderBy,
        Func<JinaDocumentChunk<TKey>, long> cursorOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TKey : notnull
    {
        var options = new FilteredRecordRetrievalOptions<JinaDocumentChunk<TKey>> { OrderBy = o => o.Ascending(orderBy) };
        long cursor = 0;
        var seenAtCursor = new HashSet<TKey>();
        while (true)
        {
            int read = 0;
            int fresh = 0;
            long last = cursor;
            var keysAtLast = new HashSet<TKey>();
            await foreach (var record in collection.GetAsync(filterFrom(cursor), PageSize, options, cancellationToken).ConfigureAwait(false))
            {
                read++;
                long value = cursorOf(record);
                if (value == cursor && seenAtCursor.Contains(record.Key))
                {
                    continue;
                }

                if (value != last)
                {
                    last = value;
                    keysAtLast.Clear();
                }

                keysAtLast.Add(record.Key);
                fresh++;
                yield return record;
            }

            if (read < PageSize)
            {
                yield break;
            }

            if (fresh == 0)
            {
                throw new InvalidOperationException(
                    $"Collection '{collection.Name}' holds more than {PageSize} chunk records that share one paging value ({cursor}); they cannot be read page by page.");
            }

            if (last == cursor)
            {
                seenAtCursor.UnionWith(keysAtLast);
            }
            else
            {
                cursor = last;
                seenAtCursor = keysAtLast;
            }
        }
    }
}
