using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>The re-index path's source side: the source checked and read, its chunks re-embedded, and each document verified in the target.</summary>
public sealed partial class JinaVectorStoreIngestor<TKey>
{
    // The source is only read, so it must exist and must not be the collection being written.
    private async Task EnsureSourceAsync<TSourceKey>(VectorStoreCollection<TSourceKey, JinaDocumentChunk<TSourceKey>> source, CancellationToken cancellationToken)
        where TSourceKey : notnull
    {
        if (IsThisCollection(source))
        {
            throw new ArgumentException(
                $"Re-index from '{source.Name}' into a new collection: a collection cannot be re-embedded in place, because its old vectors would mix with the new ones.",
                nameof(source));
        }

        if (!await source.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The source collection '{source.Name}' does not exist.");
        }
    }

    // The source's chunks, late-chunked together as passages, become this collection's records with the same texts and spans.
    private async Task<JinaDocumentChunk<TKey>[]> ReembedAsync<TSourceKey>(DocumentHead head, JinaDocumentChunk<TSourceKey>[] chunks, CancellationToken cancellationToken)
        where TSourceKey : notnull
    {
        var embedded = await _chunker.EmbedChunksAsync(chunks.Select(c => c.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        if (embedded.Count != chunks.Length)
        {
            throw new InvalidOperationException(
                $"The late chunker returned {embedded.Count} vectors for the {chunks.Length} chunks of document '{head.DocumentId}'.");
        }

        var records = new JinaDocumentChunk<TKey>[chunks.Length];
        for (int i = 0; i < chunks.Length; i++)
        {
            var old = chunks[i];
            records[i] = _records.Create(old.DocumentId, i, chunks.Length, old.Text, old.Start, old.Length, old.Source, old.DocumentHash, embedded[i].Embedding);
        }

        return records;
    }

    private async Task<long> VerifyAsync(DocumentHead head, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(head.DocumentId, cancellationToken).ConfigureAwait(false);
        if (!IsUpToDate(head.DocumentId, stored, head.DocumentHash, head.ChunkCount))
        {
            int found = stored.Count(c => string.Equals(c.CurrentHash, head.DocumentHash, StringComparison.Ordinal));
            throw new InvalidOperationException(
                $"Document '{head.DocumentId}' has {found} of its {head.ChunkCount} chunks in '{_collection.Name}' after re-indexing " +
                $"({stored.Count} records in all); run the re-index again.");
        }

        return stored.Count;
    }

    private bool IsThisCollection<TSourceKey>(VectorStoreCollection<TSourceKey, JinaDocumentChunk<TSourceKey>> source)
        where TSourceKey : notnull
    {
        if (ReferenceEquals(source, _collection))
        {
            return true;
        }

        // Collections of two stores may share a name; the same name in the same store (as far as the stores say) is the same collection.
        var theirs = source.GetService(typeof(VectorStoreCollectionMetadata)) as VectorStoreCollectionMetadata;
        var ours = _collection.GetService(typeof(VectorStoreCollectionMetadata)) as VectorStoreCollectionMetadata;
        return string.Equals(source.Name, _collection.Name, StringComparison.Ordinal) &&
            string.Equals(theirs?.VectorStoreSystemName, ours?.VectorStoreSystemName, StringComparison.Ordinal) &&
            string.Equals(theirs?.VectorStoreName, ours?.VectorStoreName, StringComparison.Ordinal);
    }

    private static async Task<List<DocumentHead>> ReadDocumentHeadsAsync<TSourceKey>(
        VectorStoreCollection<TSourceKey, JinaDocumentChunk<TSourceKey>> source,
        CancellationToken cancellationToken)
        where TSourceKey : notnull
    {
        // A document written under two key schemes has two first chunks; it is re-indexed once, from its current version.
        var heads = new Dictionary<string, DocumentHead>(StringComparer.Ordinal);
        await foreach (var record in JinaChunkQueries.ReadDocumentHeadsAsync(source, cancellationToken).ConfigureAwait(false))
        {
            _ = heads.TryAdd(record.DocumentId, new DocumentHead(record.DocumentId, record.ChunkCount, record.DocumentHash));
        }

        return [.. heads.Values];
    }

    private static async Task<JinaDocumentChunk<TSourceKey>[]> ReadSourceChunksAsync<TSourceKey>(
        VectorStoreCollection<TSourceKey, JinaDocumentChunk<TSourceKey>> source,
        DocumentHead head,
        CancellationToken cancellationToken)
        where TSourceKey : notnull
    {
        var chunks = new JinaDocumentChunk<TSourceKey>?[head.ChunkCount];
        await foreach (var record in JinaChunkQueries.ReadDocumentAsync(source, head.DocumentId, cancellationToken).ConfigureAwait(false))
        {
            // Only the version the head describes: a chunk of another version at the same index (another key scheme) is not it.
            if (record.ChunkIndex < chunks.Length && string.Equals(record.DocumentHash, head.DocumentHash, StringComparison.Ordinal))
            {
                chunks[record.ChunkIndex] ??= record;
            }
        }

        int missing = chunks.Count(c => c is null);
        if (missing > 0)
        {
            throw new InvalidOperationException(
                $"Document '{head.DocumentId}' in '{source.Name}' is missing {missing} of its {head.ChunkCount} chunks; ingest it again from its original text.");
        }

        return chunks!;
    }
}
