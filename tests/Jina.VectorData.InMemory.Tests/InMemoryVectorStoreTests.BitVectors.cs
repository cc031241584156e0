using System.Collections;
using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

/// <summary>Bit vector columns kept in the database: packed words in, the same bits and the same searches out.</summary>
public sealed partial class InMemoryVectorStoreTests
{
    [Fact]
    public async Task DatabasePath_BitVectors_RoundTripPackedThroughTheFile()
    {
        using var database = new TempDatabase();
        var random = new Random(31);
        TwoKindsRecord[] written =
        [
            new() { Id = "a", Bits = Random(random, 100), Binary = new BinaryEmbedding(Random(random, 64)), Floats = new float[] { 1, 2, 3, 4 } },
            new() { Id = "b", Bits = Random(random, 100), Floats = new float[] { -1, 0, 1, 0 } },
            new() { Id = "c" },
        ];
        List<(string, double?)> before;
        using (var store = database.Open())
        {
            var collection = store.GetCollection<string, TwoKindsRecord>("bits");
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync(written);
            before = await collection.SearchAsync(written[0].Bits!, 3, new() { VectorProperty = r => r.Bits }).Select(r => (r.Record.Id, r.Score)).ToListAsync();
        }

        // 100 bits take two 64-bit words on disk, 64 bits one: not 400 and 256 bytes of floats.
        Assert.Equal(16L, Scalar(database.Path, "SELECT length(v0) FROM jina_records_1 LIMIT 1"));
        Assert.Equal(8L, Scalar(database.Path, "SELECT max(length(v1)) FROM jina_records_1"));
        Assert.Contains("\"kind\":\"bits\"", (string)Scalar(database.Path, "SELECT definition FROM jina_collections")!, StringComparison.Ordinal);

        using var reopened = database.Open();
        var read = reopened.GetCollection<string, TwoKindsRecord>("bits");
        var records = await read.GetAsync(["a", "b", "c"], new() { IncludeVectors = true }).ToDictionaryAsync(r => r.Id);
        var after = await read.SearchAsync(written[0].Bits!, 3, new() { VectorProperty = r => r.Bits }).Select(r => (r.Record.Id, r.Score)).ToListAsync();

        Assert.Equal(Bools(written[0].Bits!), Bools(records["a"].Bits!));
        Assert.Equal(Bools(written[1].Bits!), Bools(records["b"].Bits!));
        Assert.Equal(Bools(written[0].Binary!.Vector), Bools(records["a"].Binary!.Vector));
        Assert.Null(records["b"].Binary);
        Assert.Null(records["c"].Bits);
        Assert.Equal(before, after);
        Assert.Equal(("a", 0.0), (after[0].Item1, after[0].Item2));
    }

    [Fact]
    public async Task DatabasePath_BitColumnOpenedAsFloats_IsRefusedNamingTheDatabase()
    {
        using var database = new TempDatabase();
        using (var store = database.Open())
        {
            var bits = store.GetCollection<int, BitRecord>("shape", BitRecord.Definition(64));
            await bits.EnsureCollectionExistsAsync();
            await bits.UpsertAsync(new BitRecord { Id = 1, Bits = new BitArray(64, true) });
        }

        using var reopened = database.Open();
        var floats = reopened.GetDynamicCollection("shape", new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("Bits", typeof(ReadOnlyMemory<float>), 64)],
        });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => floats.EnsureCollectionExistsAsync());

        Assert.Contains("holds bit vectors (BitArray), not float vectors", ex.Message, StringComparison.Ordinal);
        Assert.Contains(database.Path, ex.Message, StringComparison.Ordinal);
    }

    private static BitArray Random(Random random, int length)
    {
        var bytes = new byte[(length + 7) / 8];
        random.NextBytes(bytes);
        return new BitArray(bytes) { Length = length };
    }

    private static bool[] Bools(BitArray bits)
    {
        var values = new bool[bits.Length];
        bits.CopyTo(values, 0);
        return values;
    }
}
