namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Fact]
    public async Task SearchAsync_EqualityOnArrayProperty_ComparesElements()
    {
        using var collection = await HotelsAsync();
        string[] tags = ["pool", "spa"];
        string[] reordered = ["spa", "pool"];

        var equal = await collection.SearchAsync(new float[] { 1, 1, 1 }, top: 10, new() { Filter = h => h.Tags == tags }).Select(r => r.Record.Id).ToListAsync();
        var notEqual = await collection.GetAsync(h => h.Tags != new[] { "pool" }, top: 10).Select(h => h.Id).ToListAsync();
        var otherOrder = await collection.GetAsync(h => h.Tags == reordered, top: 10).CountAsync();
        var empty = await collection.GetAsync(h => h.Tags == Array.Empty<string>(), top: 10).Select(h => h.Id).ToListAsync();

        Assert.Equal([1], equal);
        Assert.Equal([1, 3, 4], notEqual.Order());
        Assert.Equal(0, otherOrder);
        Assert.Equal([4], empty);
    }

    [Fact]
    public async Task GetAsync_EqualityOnArrayPropertyWithFallbackFilter_ComparesElements()
    {
        using var collection = await HotelsAsync();
        string[] tags = ["gym"];

        // Describe(h) needs the record, so this filter runs on materialized copies rather than on the stored row.
        var ids = await collection.GetAsync(h => h.Tags == tags && Describe(h).Length > 0, top: 10).Select(h => h.Id).ToListAsync();

        Assert.Equal([3], ids);
    }
}
