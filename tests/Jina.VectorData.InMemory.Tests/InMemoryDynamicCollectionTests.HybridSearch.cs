using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed class InMemoryDynamicCollectionHybridSearchTests
{
    private static readonly VectorStoreCollectionDefinition Definition = new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", typeof(string)),
            new VectorStoreDataProperty("Text", typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 2),
        ],
    };

    [Fact]
    public async Task HybridSearchAsync_DynamicRecords_FusesKeywordAndVectorRankings()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetDynamicCollection("dyn", Definition);
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new() { ["Key"] = "a", ["Text"] = "blue blade", ["Vector"] = new ReadOnlyMemory<float>([1, 0]) },
            new() { ["Key"] = "b", ["Text"] = "kyber crystal", ["Vector"] = new ReadOnlyMemory<float>([0, 1]) },
        ]);

        var searchable = Assert.IsAssignableFrom<IKeywordHybridSearchable<Dictionary<string, object?>>>(collection);
        var results = await searchable.HybridSearchAsync(new ReadOnlyMemory<float>([1, 0]), ["kyber"], top: 2).ToListAsync();

        // a: the closer vector (0.75); b: the farther vector (0) and the only keyword match (0.25).
        Assert.Equal([("a", 0.75), ("b", 0.25)], results.Select(r => ((string)r.Record["Key"]!, r.Score!.Value)));
    }
}
