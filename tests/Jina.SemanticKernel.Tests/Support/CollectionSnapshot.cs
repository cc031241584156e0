using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>Reads every record of a chunk collection, vectors included, ordered by document and chunk index.</summary>
public static class CollectionSnapshot
{
    public static async Task<List<JinaDocumentChunk<TKey>>> ReadAsync<TKey>(VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection)
        where TKey : notnull
    {
        var records = new List<JinaDocumentChunk<TKey>>();
        var options = new FilteredRecordRetrievalOptions<JinaDocumentChunk<TKey>> { IncludeVectors = true };
        await foreach (var record in collection.GetAsync(r => r.ChunkIndex >= 0, 100_000, options))
        {
            records.Add(record);
        }

        return [.. records.OrderBy(r => r.DocumentId, StringComparer.Ordinal).ThenBy(r => r.ChunkIndex)];
    }

    public static void AssertSame<TKey>(IReadOnlyList<JinaDocumentChunk<TKey>> expected, IReadOnlyList<JinaDocumentChunk<TKey>> actual)
        where TKey : notnull
    {
        Assert.Equal(expected.Select(r => r.Key), actual.Select(r => r.Key));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Text, actual[i].Text);
            Assert.Equal(expected[i].DocumentHash, actual[i].DocumentHash);
            Assert.Equal(expected[i].EmbeddingModel, actual[i].EmbeddingModel);
            Assert.Equal(expected[i].Vector.ToArray(), actual[i].Vector.ToArray());
        }
    }
}
