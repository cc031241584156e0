using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Reads and checks the embedding stamp of a collection of <see cref="JinaDocumentChunk{TKey}"/> records.</summary>
/// <remarks>
/// Every chunk carries its model and dimensions, so no extra record is needed: a collection's stamp is that of any of its
/// records, and a mismatch is one record with another stamp — a single filtered read that any MEVD connector can serve.
/// </remarks>
internal static class JinaCollectionStamp
{
    public static async Task<JinaEmbeddingStamp?> ReadAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        if (!await collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await foreach (var record in collection.GetAsync(r => r.ChunkIndex >= 0, 1, null, cancellationToken).ConfigureAwait(false))
        {
            return new JinaEmbeddingStamp(record.EmbeddingModel, record.Dimensions);
        }

        return null;
    }

    public static async Task EnsureMatchesAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        JinaEmbeddingStamp expected,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        JinaDocumentChunk<TKey>? mismatch;
        try
        {
            mismatch = await FindMismatchAsync(collection, expected, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (ex is not JinaEmbeddingMismatchException)
        {
            // Stores that check shapes (the in-memory one does) refuse a collection of another vector size before a record can be
            // read: that is the same mismatch, seen earlier.
            throw new JinaEmbeddingMismatchException(collection.Name, expected, ex);
        }

        if (mismatch is not null)
        {
            throw new JinaEmbeddingMismatchException(
                collection.Name,
                new JinaEmbeddingStamp(mismatch.EmbeddingModel, mismatch.Dimensions),
                expected);
        }
    }

    private static async Task<JinaDocumentChunk<TKey>?> FindMismatchAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        JinaEmbeddingStamp expected,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        if (!await collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        string model = expected.ModelId;
        int dimensions = expected.Dimensions;
        var mismatches = dimensions > 0
            ? collection.GetAsync(r => r.EmbeddingModel != model || r.Dimensions != dimensions, 1, null, cancellationToken)
            : collection.GetAsync(r => r.EmbeddingModel != model, 1, null, cancellationToken);

        await foreach (var record in mismatches.ConfigureAwait(false))
        {
            return record;
        }

        return null;
    }
}
