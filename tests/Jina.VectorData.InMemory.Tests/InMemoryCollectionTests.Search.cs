using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Fact]
    public async Task SearchAsync_Top_ReturnsBestFirst()
    {
        using var collection = await HotelsAsync();

        var results = await collection.SearchAsync(new float[] { 1, 0.9f, 0 }, top: 2).ToListAsync();

        Assert.Equal([4, 1], results.Select(r => r.Record.Id));
        Assert.True(results[0].Score > results[1].Score);
    }

    [Fact]
    public async Task SearchAsync_Skip_PagesThroughRanking()
    {
        using var collection = await HotelsAsync();
        var query = new float[] { 3, 2, 1 };

        var all = await collection.SearchAsync(query, top: 4).Select(r => r.Record.Id).ToListAsync();
        var page = await collection.SearchAsync(query, top: 2, new() { Skip = 1 }).Select(r => r.Record.Id).ToListAsync();
        var beyond = await collection.SearchAsync(query, top: 2, new() { Skip = 10 }).ToListAsync();

        Assert.Equal(all.Skip(1).Take(2), page);
        Assert.Empty(beyond);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SearchAsync_IncludeVectors_ReturnsVectorsOnlyOnRequest(bool includeVectors)
    {
        using var collection = await HotelsAsync();

        var result = await collection.SearchAsync(new float[] { 0, 0, 5 }, top: 1, new() { IncludeVectors = includeVectors }).SingleAsync();

        Assert.Equal(3, result.Record.Id);
        Assert.Equal("Charlie", result.Record.Name);
        Assert.Equal(includeVectors ? [0f, 0f, 1f] : [], result.Record.Embedding.ToArray());
    }

    [Fact]
    public async Task SearchAsync_InputTypes_AllScoreTheSame()
    {
        using var collection = await HotelsAsync();
        float[] query = [1, 1, 0];

        var fromArray = await collection.SearchAsync(query, top: 1).SingleAsync();
        var fromMemory = await collection.SearchAsync(new ReadOnlyMemory<float>(query), top: 1).SingleAsync();
        var fromEmbedding = await collection.SearchAsync(new Embedding<float>(query), top: 1).SingleAsync();

        Assert.Equal(4, fromArray.Record.Id);
        Assert.Equal(fromArray.Score, fromMemory.Score);
        Assert.Equal(fromArray.Score, fromEmbedding.Score);
        Assert.Equal(1, fromArray.Score!.Value, 5);
    }

    [Fact]
    public async Task SearchAsync_WrongQueryDimensions_ThrowsArgumentException()
    {
        using var collection = await HotelsAsync();

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => collection.SearchAsync(new float[] { 1, 0 }, top: 1).ToListAsync().AsTask());

        Assert.Contains("2 dimensions", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Embedding' has 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_InvalidArguments_Throw()
    {
        using var collection = await HotelsAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => collection.SearchAsync(new float[] { 1, 0, 0 }, top: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => collection.SearchAsync(new float[] { 1, 0, 0 }, top: 1, new() { Skip = -1 }));
        Assert.Throws<ArgumentNullException>(() => collection.SearchAsync((float[])null!, top: 1));
    }

    [Fact]
    public async Task SearchAsync_TextWithoutGenerator_ThrowsNotSupported()
    {
        using var collection = await HotelsAsync();

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => collection.SearchAsync("text", top: 1).ToListAsync().AsTask());

        Assert.StartsWith("A value of type 'string' was passed to 'SearchAsync'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_LargeCollection_ParallelScanMatchesExhaustiveRanking()
    {
        const int Count = InMemoryCollection<int, KeyedRecord<int>>.ParallelScanThreshold + 5_000;
        const int Dimensions = 8;
        var random = new Random(42);
        var records = Enumerable.Range(0, Count).Select(i => new KeyedRecord<int>
        {
            Key = i,
            Number = i % 7,
            Vector = Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(),
        }).ToArray();
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("large", new() { Definition = KeyedRecord<int>.Definition(Dimensions, "EuclideanDistance") });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(records);
        var query = Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

        var results = await collection.SearchAsync(query, top: 10, new() { Filter = r => r.Number == 3, Skip = 2 }).ToListAsync();

        var expected = records
            .Where(r => r.Number == 3)
            .Select(r => (r.Key, Distance: Math.Sqrt(r.Vector.ToArray().Zip(query, (a, b) => (double)(a - b) * (a - b)).Sum())))
            .OrderBy(x => x.Distance)
            .Skip(2)
            .Take(10)
            .ToList();
        Assert.Equal(expected.Select(x => x.Key), results.Select(r => r.Record.Key));
        Assert.All(results.Zip(expected), pair => Assert.Equal(pair.Second.Distance, pair.First.Score!.Value, 4));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(InMemoryCollection<int, KeyedRecord<int>>.ParallelScanThreshold + 1_000)]
    public async Task SearchAsync_FilterThrows_ThrowsTheFilterExceptionWhateverTheCollectionSize(int count)
    {
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("throwing", new() { Definition = KeyedRecord<int>.Definition(2) });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Enumerable.Range(0, count).Select(i => new KeyedRecord<int> { Key = i, Number = i, Vector = new float[] { 1, i } }));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => collection.SearchAsync(new float[] { 1, 0 }, top: 3, new() { Filter = r => RejectFive(r) }).ToListAsync().AsTask());

        Assert.Equal("Record 5 is rejected.", exception.Message);
    }

    [Fact]
    public async Task Reads_CanceledToken_ThrowOperationCanceled()
    {
        using var collection = await HotelsAsync();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection.SearchAsync(new float[] { 1, 0, 0 }, top: 1, cancellationToken: cancellation.Token).ToListAsync().AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection.GetAsync(h => true, top: 1, cancellationToken: cancellation.Token).ToListAsync().AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection.GetAsync([1]).ToListAsync(cancellation.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collection.UpsertAsync(new Hotel { Id = 9 }, cancellation.Token));
    }

    private static bool RejectFive(KeyedRecord<int> record)
        => record.Number == 5 ? throw new InvalidOperationException("Record 5 is rejected.") : true;
}
