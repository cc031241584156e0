using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryDynamicCollectionTests
{
    private static readonly VectorStoreCollectionDefinition Definition = new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", typeof(string)),
            new VectorStoreDataProperty("Category", typeof(string)),
            new VectorStoreDataProperty("Count", typeof(int)),
            new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 2) { DistanceFunction = DistanceFunction.DotProductSimilarity },
        ],
    };

    private static async Task<InMemoryDynamicCollection> SeededAsync()
    {
        var collection = new InMemoryDynamicCollection("dyn", new InMemoryCollectionOptions { Definition = Definition });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            Row("a", "fruit", 1, [1, 0]),
            Row("b", "fruit", 2, [0, 1]),
            Row("c", "veg", 3, [1, 1]),
        ]);
        return collection;
    }

    private static Dictionary<string, object?> Row(string key, string category, int count, float[] vector) => new()
    {
        ["Key"] = key,
        ["Category"] = category,
        ["Count"] = count,
        ["Vector"] = new ReadOnlyMemory<float>(vector),
    };

    [Fact]
    public async Task GetAsync_IncludeVectors_ReturnsAllProperties()
    {
        using var collection = await SeededAsync();

        var record = await collection.GetAsync("c", new() { IncludeVectors = true });

        Assert.NotNull(record);
        Assert.Equal("c", record["Key"]);
        Assert.Equal("veg", record["Category"]);
        Assert.Equal(3, record["Count"]);
        Assert.Equal([1f, 1f], ((ReadOnlyMemory<float>)record["Vector"]!).ToArray());
    }

    [Fact]
    public async Task GetAsync_KeyOfWrongType_Throws()
    {
        using var collection = await SeededAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => collection.GetAsync(1));
    }

    [Fact]
    public async Task SearchAsync_IndexerFilter_FiltersOnStoredValues()
    {
        using var collection = await SeededAsync();

        var results = await collection.SearchAsync(
            new ReadOnlyMemory<float>([1, 1]),
            top: 5,
            new() { Filter = r => (string)r["Category"]! == "fruit" && (int)r["Count"]! >= 2 }).ToListAsync();

        var result = Assert.Single(results);
        Assert.Equal("b", result.Record["Key"]);
        Assert.Equal(1, result.Score!.Value, 5);
    }

    [Fact]
    public async Task GetAsync_FilterAndOrderByIndexer_OrdersDescending()
    {
        using var collection = await SeededAsync();

        var keys = await collection.GetAsync(r => true, top: 10, new() { OrderBy = o => o.Descending(r => r["Count"]) })
            .Select(r => (string)r["Key"]!)
            .ToListAsync();

        Assert.Equal(["c", "b", "a"], keys);
    }

    [Fact]
    public async Task UpsertAsync_CallerMutatesDictionary_StoreUnchanged()
    {
        using var collection = await SeededAsync();
        var record = Row("d", "nut", 4, [2, 2]);
        await collection.UpsertAsync(record);

        record["Category"] = "changed";
        var read = await collection.GetAsync("d");
        read!["Category"] = "changed again";

        Assert.Equal("nut", (await collection.GetAsync("d"))!["Category"]);
    }

    [Fact]
    public async Task DeleteAsync_Batch_RemovesRecords()
    {
        using var collection = await SeededAsync();

        await collection.DeleteAsync(["a", "b"]);

        Assert.Equal(["c"], await collection.GetAsync(["a", "b", "c"]).Select(r => (string)r["Key"]!).ToListAsync());
    }

    [Fact]
    public async Task GetDynamicCollection_SameNameAsTypedCollection_SharesRecords()
    {
        using var store = new InMemoryVectorStore();
        var typed = store.GetCollection<int, KeyedRecord<int>>("shared", KeyedRecord<int>.Definition());
        await typed.EnsureCollectionExistsAsync();
        await typed.UpsertAsync(new KeyedRecord<int> { Key = 7, Number = 8, Text = "typed", Vector = new float[] { 1, 2, 3 } });

        var dynamic = store.GetDynamicCollection("shared", KeyedRecord<int>.Definition());
        var record = await dynamic.GetAsync(7);

        Assert.NotNull(record);
        Assert.IsType<int>(record["Key"]);
        Assert.Equal(8, record["Number"]);
        Assert.Equal("typed", record["Text"]);
    }

    [Fact]
    public void Constructor_NoDefinition_Throws()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryDynamicCollection("dyn", new InMemoryCollectionOptions()));
    }

    [Fact]
    public void GetService_Metadata_NamesCollection()
    {
        using var collection = new InMemoryDynamicCollection("dyn", new InMemoryCollectionOptions { Definition = Definition });

        var metadata = Assert.IsType<VectorStoreCollectionMetadata>(collection.GetService(typeof(VectorStoreCollectionMetadata)));
        Assert.Equal("dyn", metadata.CollectionName);
        Assert.Equal("inmemory", metadata.VectorStoreSystemName);
        Assert.Same(collection, collection.GetService(typeof(InMemoryDynamicCollection)));
    }
}
