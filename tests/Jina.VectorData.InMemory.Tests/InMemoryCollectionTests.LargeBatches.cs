using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Fact]
    public async Task UpsertAsync_LargeBatchWithRepeatedKeys_KeepsEachKeysLastRecord()
    {
        // 3,000 records of 512 floats: large enough for the vectors to be copied on all cores.
        const int Dimensions = 512;
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("large", new() { Definition = KeyedRecord<int>.Definition(Dimensions) });
        await collection.EnsureCollectionExistsAsync();
        var batch = Enumerable.Range(0, 3_000).Select(i => new KeyedRecord<int> { Key = i % 1_000, Number = i, Vector = Vector(i) }).ToList();
        batch.Add(new KeyedRecord<int> { Key = 5, Number = -5 });

        await collection.UpsertAsync(batch);

        var stored = await collection.GetAsync(Enumerable.Range(0, 1_000), new() { IncludeVectors = true }).ToListAsync();
        Assert.Equal(1_000, stored.Count);
        Assert.All(stored.Where(r => r.Key != 5), r =>
        {
            Assert.Equal(2_000 + r.Key, r.Number);
            Assert.Equal(Vector(r.Number), r.Vector.ToArray());
        });
        Assert.Equal((-5, true), (stored.Single(r => r.Key == 5).Number, stored.Single(r => r.Key == 5).Vector.IsEmpty));
        var best = await collection.SearchAsync(Vector(2_999), top: 1).SingleAsync();
        Assert.Equal((999, 1f), (best.Record.Key, (float)Math.Round(best.Score!.Value, 4)));

        static float[] Vector(int seed) => [.. Enumerable.Range(0, Dimensions).Select(d => (float)Math.Sin(seed + (d * 0.37)))];
    }
}
