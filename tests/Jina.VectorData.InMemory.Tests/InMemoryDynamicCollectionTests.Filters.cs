using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryDynamicCollectionTests
{
    [Fact]
    public async Task SearchAsync_FilterOnUnknownProperty_ThrowsInvalidOperationNamingIt()
    {
        using var collection = await SeededAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => collection.SearchAsync(
            new ReadOnlyMemory<float>([1, 1]),
            top: 5,
            new() { Filter = r => (string)r["Colour"]! == "red" }).ToListAsync().AsTask());

        Assert.Contains("'Colour'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_FilterOnUnknownProperty_ThrowsInvalidOperation()
    {
        using var collection = await SeededAsync();
        var name = "Count; DROP TABLE dyn;";

        await Assert.ThrowsAsync<InvalidOperationException>(() => collection.GetAsync(r => r[name] == null, top: 5).ToListAsync().AsTask());
    }

    [Fact]
    public async Task GetAsync_ObjectTypedEqualityOnArray_ComparesElements()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(string)),
                new VectorStoreDataProperty("Tags", typeof(string[])),
            ],
        };
        using var collection = new InMemoryDynamicCollection("tags", new InMemoryCollectionOptions { Definition = definition });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new() { ["Key"] = "a", ["Tags"] = new[] { "x", "y" } }, new() { ["Key"] = "b", ["Tags"] = new[] { "x" } }]);
        object wanted = new[] { "x", "y" };

        var keys = await collection.GetAsync(r => r["Tags"] == wanted, top: 5).Select(r => (string)r["Key"]!).ToListAsync();
        var typed = await collection.GetAsync(r => (string[])r["Tags"]! == new[] { "x" }, top: 5).Select(r => (string)r["Key"]!).ToListAsync();

        Assert.Equal(["a"], keys);
        Assert.Equal(["b"], typed);
    }
}
