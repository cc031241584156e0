using System.Collections;
using System.Numerics.Tensors;
using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

/// <summary>BitArray vector properties searched by Hamming distance, and the two-stage search that rescores Hamming candidates with float vectors.</summary>
public sealed partial class InMemoryCollectionTests
{
    private static BitArray RandomBits(Random random, int length)
    {
        var bytes = new byte[(length + 7) / 8];
        random.NextBytes(bytes);
        return new BitArray(bytes) { Length = length };
    }

    // The reference: bit by bit, no packing, no popcount.
    private static int ReferenceHamming(bool[] a, bool[] b)
    {
        var distance = 0;
        for (var i = 0; i < a.Length; i++)
        {
            distance += a[i] != b[i] ? 1 : 0;
        }

        return distance;
    }

    [Theory]
    [InlineData(1024, 300)]
    [InlineData(70, 300)]
    [InlineData(1, 50)]
    [InlineData(1000, InMemoryCollection<int, BitRecord>.ParallelScanThreshold + 5_000)]
    public async Task SearchAsync_BitArrayProperty_RanksByTheReferenceHammingDistance(int dimensions, int count)
    {
        var random = new Random(dimensions + count);
        using var collection = new InMemoryCollection<int, BitRecord>("bits", new() { Definition = BitRecord.Definition(dimensions) });
        await collection.EnsureCollectionExistsAsync();
        var records = Enumerable.Range(0, count).Select(i => new BitRecord { Id = i, Bits = RandomBits(random, dimensions) }).ToList();
        await collection.UpsertAsync(records);
        var query = RandomBits(random, dimensions);

        var results = await collection.SearchAsync(query, top: 10).ToListAsync();
        var queryBits = Flatten(query);
        var expected = records.Select(r => (r.Id, Distance: ReferenceHamming(queryBits, Flatten(r.Bits!))))
            .OrderBy(r => r.Distance).ThenBy(r => r.Id).Take(10).ToList();

        Assert.Equal(expected.Select(e => (double)e.Distance), results.Select(r => r.Score!.Value));
        Assert.Equal(expected.Select(e => e.Id), results.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task SearchAsync_HammingDistance_IsTheCountOfDifferingBitsPastWordBoundaries()
    {
        using var collection = new InMemoryCollection<int, BitRecord>("bits", new() { Definition = BitRecord.Definition(130) });
        await collection.EnsureCollectionExistsAsync();
        var near = new BitArray(130);
        var far = new BitArray(130, true);
        near[0] = near[63] = near[64] = near[129] = true;
        await collection.UpsertAsync([new BitRecord { Id = 1, Bits = near }, new BitRecord { Id = 2, Bits = far }, new BitRecord { Id = 3 }]);

        var results = await collection.SearchAsync(new BitArray(130), top: 5).ToListAsync();
        var threshold = await collection.SearchAsync(new BinaryEmbedding(new BitArray(130)), top: 5, new() { ScoreThreshold = 4 }).ToListAsync();

        Assert.Equal([(1, 4.0), (2, 130.0)], results.Select(r => (r.Record.Id, r.Score!.Value)));
        Assert.Equal([1], threshold.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task GetAsync_BitVectors_RoundTripAsBitArrayAndBinaryEmbedding()
    {
        using var collection = new InMemoryCollection<string, TwoKindsRecord>("both");
        await collection.EnsureCollectionExistsAsync();
        var random = new Random(7);
        var bits = RandomBits(random, 100);
        var embedding = new BinaryEmbedding(RandomBits(random, 64));
        await collection.UpsertAsync(new TwoKindsRecord { Id = "a", Bits = bits, Binary = embedding, Floats = new float[] { 1, 2, 3, 4 } });

        var read = await collection.GetAsync("a", new() { IncludeVectors = true });
        var bare = await collection.GetAsync("a");

        Assert.Equal(Flatten(bits), Flatten(read!.Bits!));
        Assert.Equal(Flatten(embedding.Vector), Flatten(read.Binary!.Vector));
        Assert.Equal(new float[] { 1, 2, 3, 4 }, read.Floats.ToArray());
        Assert.Null(bare!.Bits);
        Assert.NotSame(bits, read.Bits);
    }

    [Fact]
    public async Task UpsertAsync_BitVectorOfAnotherLength_IsRefusedAndNothingIsWritten()
    {
        using var collection = new InMemoryCollection<int, BitRecord>("bits", new() { Definition = BitRecord.Definition(64) });
        await collection.EnsureCollectionExistsAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([new BitRecord { Id = 1, Bits = new BitArray(64) }, new BitRecord { Id = 2, Bits = new BitArray(65) }]));
        var search = await Assert.ThrowsAsync<ArgumentException>(() => collection.SearchAsync(new BitArray(63), 1).ToListAsync().AsTask());

        Assert.Contains("has 65 dimensions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("63 bits", search.Message, StringComparison.Ordinal);
        Assert.Null(await collection.GetAsync(1));
    }

    [Theory]
    [InlineData(typeof(BitArray), DistanceFunction.CosineSimilarity, "compares by HammingDistance")]
    [InlineData(typeof(ReadOnlyMemory<float>), DistanceFunction.HammingDistance, "'HammingDistance' compares bit vectors")]
    public void Constructor_DistanceFunctionOfTheOtherKind_FailsWhenTheCollectionIsOpened(Type type, string distance, string expected)
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("Vector", type, 64) { DistanceFunction = distance }],
        };

        var ex = Assert.Throws<NotSupportedException>(() => new InMemoryDynamicCollection("wrong", new InMemoryCollectionOptions { Definition = definition }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureCollectionExistsAsync_BitAndFloatViewsOfOneName_AreRefusedAsDifferentShapes()
    {
        using var store = new InMemoryVectorStore();
        var bits = store.GetDynamicCollection("shared", new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("Vector", typeof(BitArray), 64)],
        });
        var floats = store.GetDynamicCollection("shared", new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 64)],
        });
        await bits.EnsureCollectionExistsAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => floats.EnsureCollectionExistsAsync());

        Assert.Contains("holds bit vectors (BitArray), not float vectors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_BitPropertyWithAGeneratorOfBothKinds_EmbedsTheQueryAsBits()
    {
        using var generator = new SignBitsGenerator();
        using var collection = new InMemoryCollection<int, BitRecord>("bits", new() { Definition = BitRecord.Definition(4), EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new BitRecord { Id = 1, Bits = Bits(true, false, true, false) }, new BitRecord { Id = 2, Bits = Bits(false, true, false, true) }]);

        var hit = await collection.SearchAsync("[1, -1, 2, -2]", top: 1).SingleAsync();

        Assert.Equal((1, 0.0), (hit.Record.Id, hit.Score!.Value));
        Assert.Equal(1, generator.BinaryCalls);
        Assert.Equal(0, generator.FloatCalls);
    }

    [Fact]
    public async Task UpsertAsync_TextPropertyWithHammingDistance_StoresTheGeneratorsBits()
    {
        using var generator = new SignBitsGenerator();
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(int)),
                new VectorStoreVectorProperty("Text", typeof(string), 4) { DistanceFunction = DistanceFunction.HammingDistance },
            ],
        };
        var collection = new InMemoryDynamicCollection("text", new InMemoryCollectionOptions { Definition = definition, EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();

        await collection.UpsertAsync([new Dictionary<string, object?> { ["Id"] = 1, ["Text"] = "[1, 1, -1, -1]" }, new Dictionary<string, object?> { ["Id"] = 2, ["Text"] = "[-1, -1, 1, 1]" }]);
        var results = await collection.SearchAsync("[1, 1, -1, 1]", top: 2).ToListAsync();

        Assert.Equal([(1, 1.0), (2, 3.0)], results.Select(r => ((int)r.Record["Id"]!, r.Score!.Value)));
        Assert.Equal(2, generator.BinaryCalls);
        Assert.Equal(0, generator.FloatCalls);
    }

    [Fact]
    public async Task HybridSearchAsync_BitVectorProperty_FusesTheHammingRankingWithKeywords()
    {
        using var collection = new InMemoryCollection<int, BitNote>("notes");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new BitNote { Id = 1, Text = "The hilt is made of durasteel", Bits = Bits(true, true, true, true, true, true, true, true) },
            new BitNote { Id = 2, Text = "Blades hum when they swing", Bits = Bits(true, true, true, true, true, true, true, false) },
            new BitNote { Id = 3, Text = "The kyber crystal is the heart of the saber", Bits = Bits(false, false, false, false, true, true, true, true) },
            new BitNote { Id = 4, Text = "Nothing relevant here at all", Bits = Bits(false, false, false, false, false, false, false, false) },
        ]);
        var query = Bits(true, true, true, true, true, true, true, true);

        var vectorOnly = await collection.SearchAsync(query, top: 4).Select(r => r.Record.Id).ToListAsync();
        var hybrid = await collection.HybridSearchAsync(query, ["kyber crystal"], top: 4).ToListAsync();

        // Hamming distances 0, 1, 4, 8 scale to 1, 0.875, 0.5, 0 (times 0.75); BM25 adds 0.25 to the only note holding the keywords.
        Assert.Equal([1, 2, 3, 4], vectorOnly);
        Assert.Equal([1, 2, 3, 4], hybrid.Select(r => r.Record.Id));
        Assert.Equal([0.75, 0.65625, 0.625, 0], hybrid.Select(r => Math.Round(r.Score!.Value, 5)));
    }

    [Fact]
    public async Task SearchWithRescoringAsync_EveryRowACandidate_GivesTheExactFloatRankingAndScores()
    {
        var (collection, records, _) = await CreateClusteredCollectionAsync(count: 2_000, dimensions: 128, seed: 11);
        using var _ = collection;
        var query = Noisy(records[17].Floats.ToArray(), new Random(5), 0.05f);

        var rescored = await collection.SearchWithRescoringAsync(query, 10, new() { Oversampling = 2_000 }).ToListAsync();
        var exact = await collection.SearchAsync(query, 10, new() { VectorProperty = r => r.Floats }).ToListAsync();

        Assert.Equal(exact.Select(r => r.Record.Id), rescored.Select(r => r.Record.Id));
        Assert.Equal(exact.Select(r => r.Score!.Value), rescored.Select(r => r.Score!.Value));
    }

    [Fact]
    public async Task SearchWithRescoringAsync_FourTimesTheCandidates_RecoversTheExactTopTenBetterThanHammingAlone()
    {
        var (collection, _, centres) = await CreateClusteredCollectionAsync(count: 5_000, dimensions: 256, seed: 3);
        using var _ = collection;
        var random = new Random(9);
        double rescoredRecall = 0, hammingRecall = 0;
        const int queries = 50;
        for (var q = 0; q < queries; q++)
        {
            var query = Noisy(centres[random.Next(centres.Length)], random, 0.02f);
            var exact = (await collection.SearchAsync(query, 10, new() { VectorProperty = r => r.Floats }).ToListAsync()).Select(r => r.Record.Id).ToHashSet();
            var rescored = await collection.SearchWithRescoringAsync(query, 10).ToListAsync();
            var hamming = await collection.SearchAsync(PackSigns(query), 10, new() { VectorProperty = r => r.Bits }).ToListAsync();
            rescoredRecall += rescored.Count(r => exact.Contains(r.Record.Id)) / 10.0 / queries;
            hammingRecall += hamming.Count(r => exact.Contains(r.Record.Id)) / 10.0 / queries;
        }

        Assert.True(rescoredRecall >= 0.95, $"Recall@10 of Hamming x4 + rescoring was {rescoredRecall:F3} (Hamming alone {hammingRecall:F3}).");
        Assert.True(rescoredRecall > hammingRecall, $"Rescoring ({rescoredRecall:F3}) did not beat Hamming alone ({hammingRecall:F3}).");
    }

    [Fact]
    public async Task SearchWithRescoringAsync_FilterSkipAndMissingFloats_AreHonoured()
    {
        using var collection = new InMemoryCollection<int, RescoredRecord>("rescored", new() { Definition = RescoredRecord.Definition(4) });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new RescoredRecord { Id = 1, Tag = "x", Bits = PackSigns([1, 1, 1, 1]).Vector, Floats = new float[] { 1, 1, 1, 1 } },
            new RescoredRecord { Id = 2, Tag = "x", Bits = PackSigns([1, 1, 1, -1]).Vector, Floats = new float[] { 1, 1, 1, -0.5f } },
            new RescoredRecord { Id = 3, Tag = "y", Bits = PackSigns([1, 1, 1, 1]).Vector, Floats = new float[] { 1, 1, 1, 0.9f } },
            new RescoredRecord { Id = 4, Tag = "x", Bits = PackSigns([1, 1, 1, 1]).Vector },
        ]);

        var all = await collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 5).ToListAsync();
        var filtered = await collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 5, new() { Filter = r => r.Tag == "x", Skip = 1 }).ToListAsync();
        var thresholded = await collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 5, new() { ScoreThreshold = 0.99 }).ToListAsync();

        Assert.Equal([1, 3, 2], all.Select(r => r.Record.Id));
        Assert.Equal([2], filtered.Select(r => r.Record.Id));
        Assert.Equal([1, 3], thresholded.Select(r => r.Record.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("options", () => collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 5, new() { Oversampling = 0 }).ToListAsync().AsTask());
        await Assert.ThrowsAsync<ArgumentException>("searchValue", () => collection.SearchWithRescoringAsync(new float[] { 1, 1 }, 5).ToListAsync().AsTask());
    }

    [Fact]
    public async Task SearchWithRescoringAsync_SeveralBitProperties_NeedsTheOneToUseNamed()
    {
        using var collection = new InMemoryCollection<string, TwoKindsRecord>("both");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new TwoKindsRecord { Id = "a", Binary = PackSigns([.. Enumerable.Repeat(1f, 64)]), Floats = new float[] { 1, 1, 1, 1 } });

        var ambiguous = await Assert.ThrowsAsync<ArgumentException>("options", () => collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 1).ToListAsync().AsTask());
        var longer = await Assert.ThrowsAsync<ArgumentException>("options", () => collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 1, new() { BitVectorProperty = r => r.Binary }).ToListAsync().AsTask());
        var floats = await Assert.ThrowsAsync<ArgumentException>("options", () => collection.SearchWithRescoringAsync(new float[] { 1, 1, 1, 1 }, 1, new() { BitVectorProperty = r => r.Floats }).ToListAsync().AsTask());

        Assert.Contains("has 2 bit vector properties", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 4", longer.Message, StringComparison.Ordinal);
        Assert.Contains("holds float vectors", floats.Message, StringComparison.Ordinal);
    }

    private static async Task<(InMemoryCollection<int, RescoredRecord> Collection, List<RescoredRecord> Records, float[][] Centres)> CreateClusteredCollectionAsync(int count, int dimensions, int seed)
    {
        // Groups of 20 points around random centres, each at its own distance from the centre: the exact top ten of a query near a
        // centre are the ten closest of its group, a ranking within the group that bits blur and rescoring restores.
        var random = new Random(seed);
        var centres = Enumerable.Range(0, (count + 19) / 20).Select(_ => Noisy(new float[dimensions], random, 1f)).ToArray();
        var records = Enumerable.Range(0, count).Select(i =>
        {
            var floats = Noisy(centres[i / 20], random, 0.02f + (0.04f * (float)random.NextDouble()));
            return new RescoredRecord { Id = i, Floats = floats, Bits = PackSigns(floats).Vector };
        }).ToList();
        var collection = new InMemoryCollection<int, RescoredRecord>("rescored", new() { Definition = RescoredRecord.Definition(dimensions) });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(records);
        return (collection, records, centres);
    }

    private static float[] Noisy(float[] centre, Random random, float noise)
    {
        var vector = new float[centre.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            // Box-Muller: a normal sample per dimension.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            vector[i] = centre[i] + (noise * (float)gaussian);
        }

        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    private static BinaryEmbedding PackSigns(float[] vector)
    {
        var bits = new BitArray(vector.Length);
        for (var i = 0; i < vector.Length; i++)
        {
            bits[i] = vector[i] > 0;
        }

        return new BinaryEmbedding(bits);
    }

    private static BitArray Bits(params bool[] values) => new(values);

    private static bool[] Flatten(BitArray bits)
    {
        var values = new bool[bits.Length];
        bits.CopyTo(values, 0);
        return values;
    }
}
