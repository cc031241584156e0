using System.Collections;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// Top-10 search over 1,000,000 vectors of 1024 dimensions in the in-memory store, side by side: cosine over float vectors,
/// Hamming over the same vectors as bits (their signs, as the Jina API's <c>ubinary</c>), and the two-stage search (Hamming
/// candidates ×4, rescored by cosine). The CollectionBytes column is the managed memory the filled collection holds, measured
/// in the benchmark's own process (a full garbage collection before and after filling it).
/// </summary>
/// <remarks>
/// The float collection is 4 GB: each benchmark runs in its own process and builds only the collection it searches, so the
/// cosine and Hamming processes hold about 4.2 GB and 0.2 GB, and the two-stage one both. One launch, two warm-up and five
/// measured iterations of 16 searches each: enough for ratios on a shared machine, not for absolute figures.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CollectionBytesConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 16)]
public class BitVectorSearchBenchmarks
{
    private const int Count = 1_000_000;
    private const int Dimensions = 1024;
    private const int Queries = 16;
    private const int Batch = 10_000;

    private InMemoryCollection<int, FloatRecord>? _floats;
    private InMemoryCollection<int, BitRecord>? _bits;
    private InMemoryCollection<int, BothRecord>? _both;
    private float[][] _queries = null!;
    private BitArray[] _queryBits = null!;
    private int _next;

    /// <summary>Fills the float collection.</summary>
    [GlobalSetup(Target = nameof(CosineTop10))]
    public async Task SetupFloatsAsync()
    {
        _floats = await FillAsync<FloatRecord>("floats", nameof(CosineTop10), (id, vector) => new FloatRecord { Id = id, Vector = vector }, bits: false, floats: true);
    }

    /// <summary>Fills the bit collection.</summary>
    [GlobalSetup(Target = nameof(HammingTop10))]
    public async Task SetupBitsAsync()
    {
        _bits = await FillAsync<BitRecord>("bits", nameof(HammingTop10), (id, vector) => new BitRecord { Id = id, Bits = Signs(vector) }, bits: true, floats: false);
    }

    /// <summary>Fills the collection that keeps both.</summary>
    [GlobalSetup(Target = nameof(HammingRescoredTop10))]
    public async Task SetupBothAsync()
    {
        _both = await FillAsync<BothRecord>("both", nameof(HammingRescoredTop10), (id, vector) => new BothRecord { Id = id, Bits = Signs(vector), Vector = vector }, bits: true, floats: true);
    }

    /// <summary>Releases the collections.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _floats?.Dispose();
        _bits?.Dispose();
        _both?.Dispose();
    }

    /// <summary>Top-10 cosine search over 1,000,000 float vectors of 1024 dimensions.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> CosineTop10()
    {
        var count = 0;
        await foreach (var result in _floats!.SearchAsync(_queries[_next++ % Queries], top: 10))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Top-10 Hamming search over 1,000,000 bit vectors of 1024 bits.</summary>
    [Benchmark]
    public async Task<int> HammingTop10()
    {
        var count = 0;
        await foreach (var result in _bits!.SearchAsync(_queryBits[_next++ % Queries], top: 10))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Top-10 two-stage search: 40 Hamming candidates of 1,000,000, rescored by cosine.</summary>
    [Benchmark]
    public async Task<int> HammingRescoredTop10()
    {
        var count = 0;
        await foreach (var result in _both!.SearchWithRescoringAsync(_queries[_next++ % Queries], top: 10))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    private async Task<InMemoryCollection<int, TRecord>> FillAsync<TRecord>(string name, string benchmark, Func<int, float[], TRecord> create, bool bits, bool floats)
        where TRecord : class
    {
        var random = new Random(2024);
        _queries = Enumerable.Range(0, Queries).Select(_ => BenchmarkVectors.RandomUnit(random, Dimensions)).ToArray();
        _queryBits = [.. _queries.Select(Signs)];

        var properties = new List<VectorStoreProperty> { new VectorStoreKeyProperty("Id", typeof(int)) };
        if (bits)
        {
            properties.Add(new VectorStoreVectorProperty("Bits", typeof(BitArray), Dimensions) { DistanceFunction = DistanceFunction.HammingDistance });
        }

        if (floats)
        {
            properties.Add(new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), Dimensions));
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var collection = new InMemoryCollection<int, TRecord>(name, new() { Definition = new VectorStoreCollectionDefinition { Properties = properties } });
        await collection.EnsureCollectionExistsAsync();

        // Batches of 10,000, so that the vectors exist once in the collection and only briefly outside it.
        for (var start = 0; start < Count; start += Batch)
        {
            var records = new TRecord[Batch];
            for (var i = 0; i < Batch; i++)
            {
                records[i] = create(start + i, BenchmarkVectors.RandomUnit(random, Dimensions));
            }

            await collection.UpsertAsync(records);
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        File.WriteAllText(CollectionBytesColumn.PathOf(benchmark), (after - before).ToString(CultureInfo.InvariantCulture));
        return collection;
    }

    private static BitArray Signs(float[] vector) => new([.. vector.Select(v => v > 0)]);

    /// <summary>A record with a float vector.</summary>
    public sealed class FloatRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    /// <summary>A record with a bit vector.</summary>
    public sealed class BitRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets the bits.</summary>
        public BitArray? Bits { get; set; }
    }

    /// <summary>A record with both, for the two-stage search.</summary>
    public sealed class BothRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets the bits.</summary>
        public BitArray? Bits { get; set; }

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    private sealed class CollectionBytesConfig : ManualConfig
    {
        public CollectionBytesConfig() => AddColumn(new CollectionBytesColumn());
    }

    /// <summary>Shows the managed bytes each benchmark's process measured for its filled collection.</summary>
    private sealed class CollectionBytesColumn : IColumn
    {
        public string Id => nameof(CollectionBytesColumn);

        public string ColumnName => "CollectionBytes";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Managed memory the filled collection holds, measured in the benchmark's process";

        public static string PathOf(string benchmark) => Path.Combine(Path.GetTempPath(), $"jina-bitvector-benchmark-{benchmark}.bytes");

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            string path = PathOf(benchmarkCase.Descriptor.WorkloadMethod.Name);
            if (!File.Exists(path) || !long.TryParse(File.ReadAllText(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out long bytes))
            {
                return "?";
            }

            return bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
