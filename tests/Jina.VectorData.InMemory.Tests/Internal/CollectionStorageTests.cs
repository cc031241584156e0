using Jina.VectorData.InMemory.Internal;

namespace Jina.VectorData.InMemory.Tests.Internal;

public sealed class CollectionStorageTests
{
    [Fact]
    public void Upsert_ReplacingEveryRecord_DoesNotGrowTheBuffers()
    {
        var storage = new CollectionStorage(new StorageSchema(typeof(int), [("Text", typeof(string))], [("Vector", 64, VectorKind.Float)]));
        storage.Upsert(Records(0, 1_000, "first"));
        var capacity = (storage.Rows.Length, storage.Vectors[0].Data.Length);

        storage.Upsert(Records(0, 1_000, "second"));
        storage.Upsert(Records(500, 500, "third"));

        Assert.Equal(capacity, (storage.Rows.Length, storage.Vectors[0].Data.Length));
        Assert.Equal(1_000, storage.Count);
        Assert.True(storage.TryGetRow(999, out var row));
        Assert.Equal("third", storage.Rows[row]![1]);
    }

    [Fact]
    public void Upsert_NewRecords_GrowTheBuffersOncePerBatch()
    {
        var storage = new CollectionStorage(new StorageSchema(typeof(int), [], [("Vector", 8, VectorKind.Float)]));
        storage.Upsert(Records(0, 100, "a", dataColumns: 0));
        var before = storage.Vectors[0].Data;

        storage.Upsert(Records(100, 5_000, "b", dataColumns: 0));

        Assert.NotSame(before, storage.Vectors[0].Data);
        Assert.Equal(5_100, storage.Rows.Length);
    }

    private static StorageRecord[] Records(int first, int count, string text, int dataColumns = 1)
    {
        var dimensions = dataColumns == 1 ? 64 : 8;
        return [.. Enumerable.Range(first, count).Select(i => new StorageRecord(
            dataColumns == 1 ? [i, text] : [i],
            new ReadOnlyMemory<float>[] { Enumerable.Range(0, dimensions).Select(d => (float)(i + d)).ToArray() }))];
    }
}
