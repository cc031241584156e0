using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    private static async Task<InMemoryCollection<string, MultiVectorRecord>> ArticlesAsync()
    {
        var collection = new InMemoryCollection<string, MultiVectorRecord>("articles");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new MultiVectorRecord { Id = "a", Title = "A", TitleVector = [1, 0, 0], BodyVector = new Embedding<float>(new float[] { 10, 10 }) },
            new MultiVectorRecord { Id = "b", Title = "B", TitleVector = [0, 1, 0], BodyVector = new Embedding<float>(new float[] { 0, 0 }) },
            new MultiVectorRecord { Id = "c", Title = "C", TitleVector = null, BodyVector = new Embedding<float>(new float[] { 1, 1 }) },
        ]);
        return collection;
    }

    [Fact]
    public async Task SearchAsync_VectorProperty_SearchesChosenVector()
    {
        using var collection = await ArticlesAsync();

        var byTitle = await collection.SearchAsync(new float[] { 0, 1, 0 }, top: 3, new() { VectorProperty = r => r.TitleVector }).ToListAsync();
        var byBody = await collection.SearchAsync(new float[] { 0, 0 }, top: 3, new() { VectorProperty = r => r.BodyVector }).ToListAsync();

        Assert.Equal(["b", "a"], byTitle.Select(r => r.Record.Id));
        Assert.Equal(["b", "c", "a"], byBody.Select(r => r.Record.Id));
        Assert.Equal(Math.Sqrt(2), byBody[1].Score!.Value, 5);
    }

    [Fact]
    public async Task SearchAsync_SeveralVectorsWithoutVectorProperty_Throws()
    {
        using var collection = await ArticlesAsync();

        Assert.Throws<InvalidOperationException>(() => collection.SearchAsync(new float[] { 0, 1, 0 }, top: 1));
    }

    [Fact]
    public async Task GetAsync_IncludeVectors_RestoresEachVectorType()
    {
        using var collection = await ArticlesAsync();

        var a = await collection.GetAsync("a", new() { IncludeVectors = true });
        var c = await collection.GetAsync("c", new() { IncludeVectors = true });

        Assert.Equal([1f, 0f, 0f], a!.TitleVector!);
        Assert.Equal([10f, 10f], a.BodyVector!.Vector.ToArray());
        Assert.Null(c!.TitleVector);
        Assert.Equal([1f, 1f], c.BodyVector!.Vector.ToArray());
    }
}
