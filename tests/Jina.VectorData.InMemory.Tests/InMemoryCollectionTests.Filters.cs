using System.Linq.Expressions;
using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    public static TheoryData<string, Expression<Func<Hotel, bool>>, int[]> Filters()
    {
        var names = new[] { "Alpha", "Charlie" };
        var minimum = 4;
        return new()
        {
            { "equal", h => h.Rating == 3, [2] },
            { "not equal", h => h.Rating != 3, [1, 3, 4] },
            { "greater or equal", h => h.Rating >= 4, [1, 3] },
            { "captured variable", h => h.Rating >= minimum, [1, 3] },
            { "and/or", h => (h.Open && h.Rating > 3) || h.Name == "Bravo", [1, 2, 3] },
            { "not", h => !h.Open, [2] },
            { "bool member", h => h.Open, [1, 3, 4] },
            { "null string", h => h.Name == null, [4] },
            { "nullable value", h => h.Price > 100, [1, 3] },
            { "nullable is null", h => h.Price == null, [2] },
            { "array contains", h => h.Tags.Contains("pool"), [1, 2] },
            { "contains member", h => names.Contains(h.Name!), [1, 3] },
            { "string method", h => h.Name != null && h.Name.StartsWith("B"), [2] },
            { "key", h => h.Id == 4, [4] },
            { "whole record (fallback)", h => Describe(h).Contains("Charlie"), [3] },
        };
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task GetAsync_Filter_ReturnsMatchingRecords(string name, Expression<Func<Hotel, bool>> filter, int[] expected)
    {
        Assert.NotNull(name);
        using var collection = await HotelsAsync();

        var ids = await collection.GetAsync(filter, top: 10).Select(h => h.Id).ToListAsync();

        Assert.Equal(expected, ids.Order());
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task SearchAsync_Filter_ReturnsOnlyMatchingRecords(string name, Expression<Func<Hotel, bool>> filter, int[] expected)
    {
        Assert.NotNull(name);
        using var collection = await HotelsAsync();

        var ids = await collection.SearchAsync(new float[] { 1, 1, 1 }, top: 10, new() { Filter = filter }).Select(r => r.Record.Id).ToListAsync();

        Assert.Equal(expected, ids.Order());
    }

    [Fact]
    public async Task GetAsync_FilterWithOrderByAndSkip_PagesInOrder()
    {
        using var collection = await HotelsAsync();

        var ascending = await collection.GetAsync(h => h.Rating > 1, top: 2, new() { OrderBy = o => o.Ascending(h => h.Rating), Skip = 1 })
            .Select(h => h.Rating).ToListAsync();
        var descending = await collection.GetAsync(h => true, top: 3, new() { OrderBy = o => o.Descending(h => h.Open).Ascending(h => h.Rating) })
            .Select(h => h.Id).ToListAsync();

        Assert.Equal([4, 5], ascending);
        Assert.Equal([4, 3, 1], descending);
    }

    [Fact]
    public async Task GetAsync_Top_LimitsCount()
    {
        using var collection = await HotelsAsync();

        Assert.Equal(2, await collection.GetAsync(h => true, top: 2).CountAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => collection.GetAsync(h => true, top: 0).ToListAsync().AsTask());
    }

    private static string Describe(Hotel hotel) => $"{hotel.Id}:{hotel.Name}";
}
