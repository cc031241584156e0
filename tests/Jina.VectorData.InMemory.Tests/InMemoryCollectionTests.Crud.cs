using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetAsync_SingleRecord_ReturnsDataAndVectorsOnRequest(bool includeVectors)
    {
        using var collection = await HotelsAsync();

        var hotel = await collection.GetAsync(1, new() { IncludeVectors = includeVectors });

        Assert.NotNull(hotel);
        Assert.Equal("Alpha", hotel.Name);
        Assert.Equal(5, hotel.Rating);
        Assert.True(hotel.Open);
        Assert.Equal(["pool", "spa"], hotel.Tags);
        Assert.Equal(200, hotel.Price);
        Assert.Equal(includeVectors ? [1f, 0f, 0f] : [], hotel.Embedding.ToArray());
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        using var collection = await HotelsAsync();

        Assert.Null(await collection.GetAsync(99));
    }

    [Fact]
    public async Task GetAsync_Batch_SkipsMissingKeys()
    {
        using var collection = await HotelsAsync();

        var ids = await collection.GetAsync([3, 99, 1]).Select(h => h.Id).ToListAsync();

        Assert.Equal([3, 1], ids);
        Assert.Empty(await collection.GetAsync([]).ToListAsync());
    }

    [Fact]
    public async Task GetAsync_NullArguments_Throw()
    {
        using var collection = await HotelsAsync();
        using var strings = new InMemoryCollection<string, KeyedRecord<string>>("s", new() { Definition = KeyedRecord<string>.Definition() });

        Assert.Equal("keys", (await Assert.ThrowsAsync<ArgumentNullException>(() => collection.GetAsync(keys: null!).ToListAsync().AsTask())).ParamName);
        Assert.Equal("key", (await Assert.ThrowsAsync<ArgumentNullException>(() => strings.GetAsync((string)null!))).ParamName);
        Assert.Equal("records", (await Assert.ThrowsAsync<ArgumentNullException>(() => collection.UpsertAsync(records: null!))).ParamName);
    }

    [Fact]
    public async Task UpsertAsync_ExistingKey_ReplacesRecord()
    {
        using var collection = await HotelsAsync();

        await collection.UpsertAsync(new Hotel { Id = 2, Name = "Bravo II", Rating = 4, Embedding = new float[] { 0, 0, 2 } });

        var hotel = await collection.GetAsync(2, new() { IncludeVectors = true });
        Assert.Equal("Bravo II", hotel!.Name);
        Assert.Equal([0f, 0f, 2f], hotel.Embedding.ToArray());
        Assert.Equal(4, await collection.GetAsync(h => true, top: 100).CountAsync());
    }

    [Fact]
    public async Task UpsertAsync_InsertAndUpdateInOneBatch_AppliesBoth()
    {
        using var collection = await HotelsAsync();

        await collection.UpsertAsync(
        [
            new Hotel { Id = 1, Name = "Alpha II", Embedding = new float[] { 1, 0, 0 } },
            new Hotel { Id = 5, Name = "Echo", Embedding = new float[] { 0, 1, 1 } },
        ]);

        Assert.Equal(["Alpha II", "Echo"], await collection.GetAsync([1, 5]).Select(h => h.Name).ToListAsync());
    }

    [Fact]
    public async Task UpsertAsync_EmptyBatch_ChangesNothing()
    {
        using var collection = await HotelsAsync();

        await collection.UpsertAsync([]);

        Assert.Equal(4, await collection.GetAsync(h => true, top: 100).CountAsync());
    }

    [Fact]
    public async Task UpsertAsync_CallerMutatesRecordAfterwards_StoreUnchanged()
    {
        using var collection = new InMemoryCollection<int, Hotel>("hotels");
        await collection.EnsureCollectionExistsAsync();
        var vector = new float[] { 1, 2, 3 };
        var hotel = new Hotel { Id = 1, Name = "Original", Tags = ["a"], Embedding = vector };
        await collection.UpsertAsync(hotel);

        hotel.Name = "Changed";
        hotel.Tags[0] = "changed";
        vector[0] = 42;
        var read = await collection.GetAsync(1, new() { IncludeVectors = true });
        read!.Tags[0] = "changed too";

        var again = await collection.GetAsync(1, new() { IncludeVectors = true });
        Assert.Equal("Original", again!.Name);
        Assert.Equal(["a"], again.Tags);
        Assert.Equal([1f, 2f, 3f], again.Embedding.ToArray());
    }

    [Fact]
    public async Task UpsertAsync_WrongDimensions_ThrowsNamingPropertyAndSizes()
    {
        using var collection = await HotelsAsync();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => collection.UpsertAsync([new Hotel { Id = 8, Embedding = new float[] { 1, 0, 0 } }, new Hotel { Id = 9, Embedding = new float[] { 1, 2 } }]));

        Assert.Contains("'Embedding'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("2 dimensions", exception.Message, StringComparison.Ordinal);
        Assert.Contains("configured with 3", exception.Message, StringComparison.Ordinal);

        // The batch is all or nothing.
        Assert.Null(await collection.GetAsync(8));
    }

    [Fact]
    public async Task UpsertAsync_RecordWithoutVector_StoredButNeverFound()
    {
        using var collection = await HotelsAsync();

        await collection.UpsertAsync(new Hotel { Id = 7, Name = "No vector" });

        Assert.Equal("No vector", (await collection.GetAsync(7))!.Name);
        Assert.DoesNotContain(7, await collection.SearchAsync(new float[] { 1, 1, 1 }, top: 10).Select(r => r.Record.Id).ToListAsync());
    }

    [Fact]
    public async Task DeleteAsync_SingleAndBatch_RemovesRecords()
    {
        using var collection = await HotelsAsync();

        await collection.DeleteAsync(1);
        await collection.DeleteAsync([2, 3, 99]);
        await collection.DeleteAsync([]);

        Assert.Equal([4], await collection.GetAsync(h => true, top: 10).Select(h => h.Id).ToListAsync());
    }

    [Fact]
    public async Task DeleteAsync_ThenUpsert_ReusesRowWithoutLeakingOldVector()
    {
        using var collection = await HotelsAsync();

        await collection.DeleteAsync(1);
        await collection.UpsertAsync(new Hotel { Id = 10, Name = "Reused" });
        await collection.UpsertAsync(new Hotel { Id = 11, Name = "New", Embedding = new float[] { 0, 1, 1 } });

        var ids = await collection.SearchAsync(new float[] { 1, 0, 0 }, top: 10).Select(r => r.Record.Id).ToListAsync();
        Assert.DoesNotContain(1, ids);
        Assert.DoesNotContain(10, ids);
        Assert.Contains(11, ids);
        Assert.Equal(5, await collection.GetAsync(h => true, top: 10).CountAsync());
    }

    [Fact]
    public async Task Operations_CollectionNotCreated_ThrowVectorStoreException()
    {
        using var collection = new InMemoryCollection<int, Hotel>("missing");

        var exception = await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(1));
        Assert.Equal("missing", exception.CollectionName);
        Assert.Contains("EnsureCollectionExistsAsync", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(new Hotel { Id = 1 }));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.SearchAsync(new float[] { 1, 0, 0 }, top: 1).ToListAsync().AsTask());
    }

    [Fact]
    public void GetService_Metadata_NamesCollection()
    {
        using var collection = new InMemoryCollection<int, Hotel>("hotels");

        var metadata = Assert.IsType<VectorStoreCollectionMetadata>(collection.GetService(typeof(VectorStoreCollectionMetadata)));
        Assert.Equal("hotels", metadata.CollectionName);
        Assert.Equal("inmemory", metadata.VectorStoreSystemName);
        Assert.Same(collection, collection.GetService(typeof(VectorStoreCollection<int, Hotel>)));
        Assert.Null(collection.GetService(typeof(VectorStoreCollectionMetadata), "key"));
    }
}
