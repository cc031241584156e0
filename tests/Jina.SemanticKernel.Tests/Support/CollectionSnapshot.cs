using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>Reads every record of a chunk collection, vectors included, ordered by key.</summary>
public static class CollectionSnapshot
{
    public static async Task<List<JinaDocumentChunk>> ReadAsync(VectorStoreCollection<string, JinaDocumentChunk> collection)
    {
        var records = new List<JinaDocumentChunk>();
        var options = new FilteredRecordRetrievalOptions<JinaDocumentChunk> { IncludeVectors = true };
        await foreach (var record in collection.GetAsync(r => r.ChunkIndex >= 0, 100_000, options))
        {
            records.Add(record);
        }

        records.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return records;
    }

    public static void AssertSame(IReadOnlyList<JinaDocumentChunk> expected, IReadOnlyList<JinaDocumentChunk> actual)
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
