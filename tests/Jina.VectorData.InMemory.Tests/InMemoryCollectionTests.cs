using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

/// <summary>Tests of <see cref="InMemoryCollection{TKey, TRecord}"/>, split by feature after MEVD's conformance suite.</summary>
public sealed partial class InMemoryCollectionTests
{
    private static Hotel[] Hotels() =>
    [
        new() { Id = 1, Name = "Alpha", Rating = 5, Open = true, Tags = ["pool", "spa"], Price = 200, Embedding = new float[] { 1, 0, 0 } },
        new() { Id = 2, Name = "Bravo", Rating = 3, Open = false, Tags = ["pool"], Price = null, Embedding = new float[] { 0, 1, 0 } },
        new() { Id = 3, Name = "Charlie", Rating = 4, Open = true, Tags = ["gym"], Price = 120, Embedding = new float[] { 0, 0, 1 } },
        new() { Id = 4, Name = null, Rating = 1, Open = true, Tags = [], Price = 50, Embedding = new float[] { 1, 1, 0 } },
    ];

    private static async Task<InMemoryCollection<int, Hotel>> HotelsAsync()
    {
        var collection = new InMemoryCollection<int, Hotel>("hotels");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Hotels());
        return collection;
    }
}
