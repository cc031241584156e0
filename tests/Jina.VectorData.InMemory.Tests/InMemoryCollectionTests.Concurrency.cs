using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Fact]
    public async Task Operations_ParallelUpsertsSearchesAndDeletes_StayConsistent()
    {
        const int Writers = 4;
        const int PerWriter = 500;
        using var collection = new InMemoryCollection<int, KeyedRecord<int>>("concurrent", new() { Definition = KeyedRecord<int>.Definition(4) });
        await collection.EnsureCollectionExistsAsync();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var key = (w * PerWriter) + i;
                await collection.UpsertAsync(new KeyedRecord<int> { Key = key, Number = key, Vector = new float[] { 1, key, w, 1 } });
                if (i % 5 == 0)
                {
                    // Every fifth record is deleted again by its own writer.
                    await collection.DeleteAsync(key);
                }
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var results = await collection.SearchAsync(new float[] { 1, 0, 0, 1 }, top: 5, new() { Filter = r => r.Number % 2 == 0 }).ToListAsync();
                Assert.All(results, r => Assert.Equal(0, r.Record.Number % 2));
                Assert.All(results, r => Assert.Equal(r.Record.Key, r.Record.Number));
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        var keys = await collection.GetAsync(r => true, top: int.MaxValue).Select(r => r.Key).ToListAsync();
        var expected = Enumerable.Range(0, Writers * PerWriter).Where(k => k % PerWriter % 5 != 0);
        Assert.Equal(expected, keys.Order());
        var searched = await collection.SearchAsync(new float[] { 1, 0, 0, 1 }, top: int.MaxValue).CountAsync();
        Assert.Equal(expected.Count(), searched);
    }
}
