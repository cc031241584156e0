using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// One batch upsert of 100,000 records into an empty collection: held in memory, and written through to a SQLite database
/// (<see cref="InMemoryVectorStoreOptions.DatabasePath"/>, one transaction). Each invocation is one batch, so run it with
/// <c>--job short</c>; the allocations column is what one batch allocates.
/// </summary>
[MemoryDiagnoser]
public class StoreWriteBenchmarks
{
    private const int Count = 100_000;

    private VectorStoreCollectionDefinition _definition = null!;
    private WriteRecord[] _records = [];
    private string _folder = string.Empty;
    private InMemoryVectorStore? _store;
    private VectorStoreCollection<int, WriteRecord>? _collection;

    /// <summary>Gets or sets the dimensions of the vectors.</summary>
    [Params(384, 1024)]
    public int Dimensions { get; set; }

    /// <summary>Creates the records: random unit vectors and a short text each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2024);
        _definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(WriteRecord.Id), typeof(int)),
                new VectorStoreDataProperty(nameof(WriteRecord.Group), typeof(int)),
                new VectorStoreDataProperty(nameof(WriteRecord.Text), typeof(string)),
                new VectorStoreVectorProperty(nameof(WriteRecord.Vector), typeof(ReadOnlyMemory<float>), Dimensions),
            ],
        };
        _records = new WriteRecord[Count];
        for (var i = 0; i < Count; i++)
        {
            var vector = new float[Dimensions];
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)((random.NextDouble() * 2) - 1);
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            _records[i] = new WriteRecord { Id = i, Group = i % 10, Text = $"chunk {i}", Vector = vector };
        }

        _folder = Path.Combine(Path.GetTempPath(), "jina-store-write-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    /// <summary>Removes the databases.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>An empty in-memory collection for the next batch.</summary>
    [IterationSetup(Target = nameof(UpsertInMemory))]
    public void SetupInMemory() => Open(null);

    /// <summary>An empty collection in a new database file for the next batch.</summary>
    [IterationSetup(Target = nameof(UpsertIntoDatabase))]
    public void SetupDatabase() => Open(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));

    /// <summary>Closes the store and deletes its file, if any.</summary>
    [IterationCleanup]
    public void CleanupIteration()
    {
        _store?.Dispose();
        foreach (var file in Directory.EnumerateFiles(_folder))
        {
            File.Delete(file);
        }
    }

    /// <summary>100,000 records in one call, held in memory.</summary>
    [Benchmark(Baseline = true)]
    public Task UpsertInMemory() => _collection!.UpsertAsync(_records);

    /// <summary>100,000 records in one call, written through to the database in one transaction, then held in memory.</summary>
    [Benchmark]
    public Task UpsertIntoDatabase() => _collection!.UpsertAsync(_records);

    private void Open(string? path)
    {
        _store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = path });
        _collection = _store.GetCollection<int, WriteRecord>("bench", _definition);
        _collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
    }

    /// <summary>A benchmark record.</summary>
    public sealed class WriteRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets a group.</summary>
        public int Group { get; set; }

        /// <summary>Gets or sets a short text.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
