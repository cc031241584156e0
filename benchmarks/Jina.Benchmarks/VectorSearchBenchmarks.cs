using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// Top-10 search over 100,000 vectors in the in-memory vector store, next to one pass over the same number of bytes
/// (a sum of a buffer as large as the store's vector column), on one thread and on all cores: the ratio of the search
/// time to the pass time says how close the scan comes to the machine's memory bandwidth.
/// </summary>
[MemoryDiagnoser]
public class VectorSearchBenchmarks
{
    private const int Count = 100_000;
    private const int Queries = 16;

    private InMemoryCollection<int, SearchRecord> _collection = null!;
    private float[][] _queries = null!;
    private float[] _sameBytes = null!;
    private int _next;

    /// <summary>Gets or sets the dimensions of the vectors.</summary>
    [Params(384, 1024)]
    public int Dimensions { get; set; }

    /// <summary>Fills the collection with random unit vectors and copies them into one flat buffer for the memory passes.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var random = new Random(2024);
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(SearchRecord.Id), typeof(int)),
                new VectorStoreDataProperty(nameof(SearchRecord.Group), typeof(int)),
                new VectorStoreVectorProperty(nameof(SearchRecord.Vector), typeof(ReadOnlyMemory<float>), Dimensions),
            ],
        };
        _collection = new InMemoryCollection<int, SearchRecord>("bench", new() { Definition = definition });
        await _collection.EnsureCollectionExistsAsync();

        _sameBytes = new float[Count * Dimensions];
        var records = new SearchRecord[Count];
        for (var i = 0; i < Count; i++)
        {
            var vector = BenchmarkVectors.RandomUnit(random, Dimensions);
            vector.CopyTo(_sameBytes, i * Dimensions);
            records[i] = new SearchRecord { Id = i, Group = i % 10, Vector = vector };
        }

        await _collection.UpsertAsync(records);
        _queries = Enumerable.Range(0, Queries).Select(_ => BenchmarkVectors.RandomUnit(random, Dimensions)).ToArray();
    }

    /// <summary>Releases the collection.</summary>
    [GlobalCleanup]
    public void Cleanup() => _collection.Dispose();

    /// <summary>Top-10 cosine search over all vectors.</summary>
    [Benchmark]
    public async Task<int> SearchTop10()
    {
        var count = 0;
        await foreach (var result in _collection.SearchAsync(NextQuery(), top: 10))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Top-10 cosine search over the 10% of the vectors a filter keeps.</summary>
    [Benchmark]
    public async Task<int> SearchTop10Filtered()
    {
        var count = 0;
        await foreach (var result in _collection.SearchAsync(NextQuery(), top: 10, new() { Filter = r => r.Group == 3 }))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>One sequential pass over as many bytes as the vector column holds, on one thread.</summary>
    [Benchmark(Baseline = true)]
    public float OnePassOneThread() => TensorPrimitives.Sum(_sameBytes);

    /// <summary>One pass over as many bytes as the vector column holds, split into ranges over all cores like the search scan.</summary>
    [Benchmark]
    public float OnePassAllCores()
    {
        var ranges = Environment.ProcessorCount * 4;
        var rangeSize = (_sameBytes.Length + ranges - 1) / ranges;
        var sums = new float[ranges];
        _ = Parallel.For(0, ranges, r =>
        {
            var start = r * rangeSize;
            sums[r] = TensorPrimitives.Sum(_sameBytes.AsSpan(start, Math.Min(rangeSize, _sameBytes.Length - start)));
        });
        return TensorPrimitives.Sum(sums);
    }

    private float[] NextQuery() => _queries[_next++ % Queries];

    /// <summary>A benchmark record.</summary>
    public sealed class SearchRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets a group for the filtered search.</summary>
        public int Group { get; set; }

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
