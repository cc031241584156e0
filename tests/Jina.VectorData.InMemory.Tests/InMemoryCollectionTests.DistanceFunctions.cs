using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    // Same vectors as MEVD's conformance suite: the query equals record 0, is opposite to record 1 and orthogonal to record 2.
    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity, 1, -1, 0, new[] { 0, 2, 1 })]
    [InlineData(DistanceFunction.CosineDistance, 0, 2, 1, new[] { 0, 2, 1 })]
    [InlineData(DistanceFunction.DotProductSimilarity, 1, -1, 0, new[] { 0, 2, 1 })]
    [InlineData(DistanceFunction.NegativeDotProductSimilarity, -1, 1, 0, new[] { 0, 2, 1 })]
    [InlineData(DistanceFunction.EuclideanDistance, 0, 2, 1.7320508, new[] { 0, 2, 1 })]
    [InlineData(DistanceFunction.EuclideanSquaredDistance, 0, 4, 3, new[] { 0, 2, 1 })]
    [InlineData(DistanceFunction.ManhattanDistance, 0, 2, 3, new[] { 0, 1, 2 })]
    [InlineData(null, 1, -1, 0, new[] { 0, 2, 1 })]
    public async Task SearchAsync_DistanceFunction_ExactScoresAndOrder(string? distanceFunction, double exact, double opposite, double orthogonal, int[] order)
    {
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("distances", new() { Definition = KeyedRecord<int>.Definition(4, distanceFunction) });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new KeyedRecord<int> { Key = 0, Vector = new float[] { 1, 0, 0, 0 } },
            new KeyedRecord<int> { Key = 1, Vector = new float[] { -1, 0, 0, 0 } },
            new KeyedRecord<int> { Key = 2, Vector = new float[] { 0, -1, -1, 0 } },
        ]);
        double[] scores = [exact, opposite, orthogonal];

        var results = await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, top: 3).ToListAsync();

        Assert.Equal(order, results.Select(r => r.Record.Key));
        Assert.Equal(order.Select(i => scores[i]), results.Select(r => r.Score!.Value), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity, 0, new[] { 0, 2 })]
    [InlineData(DistanceFunction.DotProductSimilarity, 0.5, new[] { 0 })]
    [InlineData(DistanceFunction.CosineDistance, 1, new[] { 0, 2 })]
    [InlineData(DistanceFunction.EuclideanDistance, 1.8, new[] { 0, 2 })]
    [InlineData(DistanceFunction.EuclideanDistance, 0, new[] { 0 })]
    public async Task SearchAsync_ScoreThreshold_KeepsOnlyGoodEnoughScores(string distanceFunction, double threshold, int[] expected)
    {
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("threshold", new() { Definition = KeyedRecord<int>.Definition(4, distanceFunction) });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new KeyedRecord<int> { Key = 0, Vector = new float[] { 1, 0, 0, 0 } },
            new KeyedRecord<int> { Key = 1, Vector = new float[] { -1, 0, 0, 0 } },
            new KeyedRecord<int> { Key = 2, Vector = new float[] { 0, -1, -1, 0 } },
        ]);

        var keys = await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, top: 3, new() { ScoreThreshold = threshold }).Select(r => r.Record.Key).ToListAsync();

        Assert.Equal(expected, keys);
    }

    [Theory]
    [InlineData(DistanceFunction.HammingDistance)]
    [InlineData("Unknown")]
    public void Constructor_UnsupportedDistanceFunction_ThrowsNotSupported(string distanceFunction)
    {
        var exception = Assert.Throws<NotSupportedException>(
            () => new InMemoryCollection<int, KeyedRecord<int>>("c", new() { Definition = KeyedRecord<int>.Definition(4, distanceFunction) }));

        Assert.Contains($"'{distanceFunction}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Vector'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_ZeroVector_ScoresZeroCosine()
    {
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("zero", new() { Definition = KeyedRecord<int>.Definition(3) });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new KeyedRecord<int> { Key = 1, Vector = new float[] { 0, 0, 0 } });

        var result = await collection.SearchAsync(new float[] { 1, 0, 0 }, top: 1).SingleAsync();

        Assert.Equal(0, result.Score);
    }
}
