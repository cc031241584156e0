using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Fact]
    public Task Crud_StringKeys_RoundTrip() => CrudRoundTripAsync("one", "two");

    [Fact]
    public Task Crud_GuidKeys_RoundTrip() => CrudRoundTripAsync(new Guid("603840bf-cf91-4521-8b8e-8b6a2e75910a"), new Guid("1b1d4f16-03a5-4e10-9e33-1f2b4a39a2a1"));

    [Fact]
    public Task Crud_IntKeys_RoundTrip() => CrudRoundTripAsync(8, 9);

    [Fact]
    public Task Crud_LongKeys_RoundTrip() => CrudRoundTripAsync(long.MaxValue, 9L);

    [Fact]
    public async Task UpsertAsync_GuidKeyEmpty_GeneratesKeyAndWritesItBack()
    {
        using var collection = new InMemoryCollection<Guid, TextRecord>("texts", new() { EmbeddingGenerator = new FakeEmbeddingGenerator() });
        await collection.EnsureCollectionExistsAsync();
        var first = new TextRecord { Title = "first", Content = "[1, 0, 0]" };
        var second = new TextRecord { Title = "second", Content = "[0, 1, 0]" };

        await collection.UpsertAsync([first, second]);

        Assert.NotEqual(Guid.Empty, first.Id);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("second", (await collection.GetAsync(second.Id))!.Title);
    }

    private static async Task CrudRoundTripAsync<TKey>(TKey key1, TKey key2)
        where TKey : notnull
    {
        using var collection = new InMemoryCollection<TKey, KeyedRecord<TKey>>("keys", new() { Definition = KeyedRecord<TKey>.Definition() });
        await collection.EnsureCollectionExistsAsync();
        var record = new KeyedRecord<TKey> { Key = key1, Number = 8, Vector = new float[] { 1, 2, 3 } };

        await collection.UpsertAsync(record);
        await collection.UpsertAsync([record, new KeyedRecord<TKey> { Key = key2, Number = 9, Vector = new float[] { 3, 2, 1 } }]);

        var single = await collection.GetAsync(key1);
        Assert.Equal(key1, single!.Key);
        Assert.Equal(8, single.Number);
        var both = await collection.GetAsync([key1, key2]).ToListAsync();
        Assert.Equal([8, 9], both.Select(r => r.Number).Order());
        Assert.Equal(key2, (await collection.SearchAsync(new float[] { 3, 2, 1 }, top: 1).SingleAsync()).Record.Key);
        Assert.Equal(key1, (await collection.GetAsync(r => r.Key.Equals(key1), top: 5).SingleAsync()).Key);

        await collection.DeleteAsync(key1);
        await collection.DeleteAsync([key1, key2]);
        Assert.Empty(await collection.GetAsync([key1, key2]).ToListAsync());
    }
}
