using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryVectorStoreTests
{
    [Fact]
    public async Task CollectionExistsAsync_EnsureThenDelete_TracksLifecycle()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, Hotel>("hotels");

        Assert.False(await collection.CollectionExistsAsync());
        Assert.False(await store.CollectionExistsAsync("hotels"));

        await collection.EnsureCollectionExistsAsync();
        await collection.EnsureCollectionExistsAsync();
        Assert.True(await collection.CollectionExistsAsync());
        Assert.True(await store.CollectionExistsAsync("hotels"));

        await store.EnsureCollectionDeletedAsync("hotels");
        Assert.False(await collection.CollectionExistsAsync());

        // Deleting what does not exist is not an error.
        await store.EnsureCollectionDeletedAsync("hotels");
        await collection.EnsureCollectionDeletedAsync();
    }

    [Fact]
    public async Task ListCollectionNamesAsync_AfterEnsure_ListsEachCollectionOnce()
    {
        using var store = new InMemoryVectorStore();
        Assert.Empty(await store.ListCollectionNamesAsync().ToListAsync());

        await store.GetCollection<int, Hotel>("a").EnsureCollectionExistsAsync();
        await store.GetCollection<int, Hotel>("b").EnsureCollectionExistsAsync();
        await store.GetCollection<int, Hotel>("a").EnsureCollectionExistsAsync();

        Assert.Equal(["a", "b"], (await store.ListCollectionNamesAsync().ToListAsync()).Order());
    }

    [Fact]
    public async Task GetCollection_SameName_SharesRecords()
    {
        using var store = new InMemoryVectorStore();
        var writer = store.GetCollection<int, Hotel>("hotels");
        await writer.EnsureCollectionExistsAsync();
        await writer.UpsertAsync(new Hotel { Id = 1, Name = "Shared", Embedding = new float[] { 1, 0, 0 } });

        var reader = store.GetCollection<int, Hotel>("hotels");

        Assert.Equal("Shared", (await reader.GetAsync(1))?.Name);
    }

    [Fact]
    public async Task GetCollection_AfterDeleteAndRecreate_SeesEmptyCollection()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<int, Hotel>("hotels");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new Hotel { Id = 1, Embedding = new float[] { 1, 0, 0 } });

        await store.EnsureCollectionDeletedAsync("hotels");
        await collection.EnsureCollectionExistsAsync();

        Assert.Null(await collection.GetAsync(1));
    }

    [Fact]
    public async Task GetCollection_ExistingCollectionWithOtherDimensions_Throws()
    {
        using var store = new InMemoryVectorStore();
        await store.GetCollection<int, KeyedRecord<int>>("c", KeyedRecord<int>.Definition(dimensions: 3)).EnsureCollectionExistsAsync();

        var other = store.GetCollection<int, KeyedRecord<int>>("c", KeyedRecord<int>.Definition(dimensions: 4));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => other.GetAsync(1));
        Assert.Contains("holds 3 dimensions, not 4", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCollection_DictionaryRecord_ThrowsAndPointsToDynamic()
    {
        using var store = new InMemoryVectorStore();

        Assert.Throws<ArgumentException>(() => store.GetCollection<object, Dictionary<string, object?>>("c", KeyedRecord<int>.Definition()));
    }

    [Fact]
    public void GetCollection_MismatchedKeyType_Throws()
    {
        using var store = new InMemoryVectorStore();

        Assert.Throws<InvalidOperationException>(() => store.GetCollection<Guid, KeyedRecord<string>>("c", KeyedRecord<string>.Definition()));
    }

    [Fact]
    public void GetCollection_UnsupportedKeyType_ThrowsNotSupported()
    {
        using var store = new InMemoryVectorStore();

        var exception = Assert.Throws<NotSupportedException>(() => store.GetCollection<DateTime, KeyedRecord<DateTime>>("c", KeyedRecord<DateTime>.Definition()));
        Assert.Contains("string, Guid, int and long", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCollection_EmptyName_Throws()
    {
        using var store = new InMemoryVectorStore();

        Assert.Throws<ArgumentException>(() => store.GetCollection<int, Hotel>(" "));
    }

    [Fact]
    public void GetService_Metadata_ReportsSystemName()
    {
        using var store = new InMemoryVectorStore();

        var metadata = Assert.IsType<VectorStoreMetadata>(store.GetService(typeof(VectorStoreMetadata)));
        Assert.Equal("inmemory", metadata.VectorStoreSystemName);
        Assert.Same(store, store.GetService(typeof(InMemoryVectorStore)));
        Assert.Null(store.GetService(typeof(VectorStoreMetadata), "key"));
        Assert.Null(store.GetService(typeof(string)));
        Assert.Throws<ArgumentNullException>(() => store.GetService(null!));
    }

    [Fact]
    public async Task GetCollection_StoreGenerator_EmbedsSearchText()
    {
        var generator = new FakeEmbeddingGenerator();
        using var store = new InMemoryVectorStore(new() { EmbeddingGenerator = generator });
        var collection = store.GetCollection<string, PassageRecord>("passages");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new PassageRecord { Id = "x", Text = "x axis", Vector = new float[] { 1, 0, 0 } },
            new PassageRecord { Id = "y", Text = "y axis", Vector = new float[] { 0, 1, 0 } },
        ]);

        var result = await collection.SearchAsync("[0, 2, 0]", top: 1).SingleAsync();

        Assert.Equal("y", result.Record.Id);
        Assert.Equal(["[0, 2, 0]"], generator.Inputs);
    }
}
