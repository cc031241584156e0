using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Jina.VectorData.InMemory.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory;

/// <summary>Represents a collection of records held in memory, searched exhaustively with exact scores.</summary>
/// <typeparam name="TKey">The type of the record key: <see cref="string"/>, <see cref="Guid"/>, <see cref="int"/> or <see cref="long"/>.</typeparam>
/// <typeparam name="TRecord">The record type, mapped by MEVD attributes or by a <see cref="VectorStoreCollectionDefinition"/>.</typeparam>
/// <remarks>
/// Records are stored as copies: mutating a record after upserting it, or a record returned by a read, does not change the store.
/// Each vector property keeps its vectors in one contiguous buffer that a search scans with <see cref="TensorPrimitives"/>, keeping
/// the best rows in a bounded heap; large collections are scanned in parallel. The collection is safe for concurrent use.
/// The index kind of a vector property is accepted and ignored: every search is exact.
/// </remarks>
public sealed partial class InMemoryCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    /// <summary>The number of rows from which a search scans ranges of rows in parallel.</summary>
    internal const int ParallelScanThreshold = 32_768;

    private const string TrimmingMessage = "The in-memory vector store maps record types by reflection, which is incompatible with trimming; use GetDynamicCollection for Dictionary<string, object?> records.";
    private const string AotMessage = "The in-memory vector store maps record types by reflection, which is incompatible with NativeAOT; use GetDynamicCollection for Dictionary<string, object?> records.";

    private readonly StorageCatalog _catalog;
    private readonly CollectionModel _model;
    private readonly DistanceKind[] _distances;
    private readonly VectorStoreCollectionMetadata _metadata;
    private StorageBinding? _binding;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCollection{TKey, TRecord}"/> class, holding its own data.</summary>
    /// <param name="name">The name of the collection.</param>
    /// <param name="options">The options of the collection; <see langword="null"/> maps the record type by its attributes.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="NotSupportedException">The record type is a dictionary (use <see cref="InMemoryDynamicCollection"/>), or it uses a key type or distance function this store does not support.</exception>
    [RequiresUnreferencedCode(TrimmingMessage)]
    [RequiresDynamicCode(AotMessage)]
    public InMemoryCollection(string name, InMemoryCollectionOptions? options = null)
        : this(name, new StorageCatalog(), BuildModel(options?.Definition, options?.EmbeddingGenerator))
    {
    }

    internal InMemoryCollection(string name, StorageCatalog catalog, CollectionModel model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        Name = name;
        _catalog = catalog;
        _model = model;
        _distances = model.VectorProperties.Select(DistanceScorer.Resolve).ToArray();
        _metadata = new() { VectorStoreSystemName = InMemoryVectorStore.SystemName, CollectionName = name };
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_catalog.Contains(Name));
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The collection exists with properties or dimensions that do not match this collection's.</exception>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var storage = _catalog.GetOrAdd(Name, StorageBinding.CreateSchema(_model));
        Volatile.Write(ref _binding, StorageBinding.Bind(Name, _model, storage));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = _catalog.Remove(Name);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var includeVectors = CheckIncludeVectors(options?.IncludeVectors ?? false);
        cancellationToken.ThrowIfCancellationRequested();

        var boxedKey = BoxKey(key, nameof(key));
        var binding = GetBinding("Get");
        var storage = binding.Storage;
        storage.Lock.EnterReadLock();
        try
        {
            return Task.FromResult(storage.TryGetRow(boxedKey, out var row) ? Materialize(binding, storage.Rows[row]!, row, includeVectors) : null);
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Keys that are not found are skipped.</remarks>
    public override IAsyncEnumerable<TRecord> GetAsync(IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var includeVectors = CheckIncludeVectors(options?.IncludeVectors ?? false);

        return new DeferredAsyncEnumerable<TRecord>(
            _ =>
            {
                var boxedKeys = keys.Select(k => BoxKey(k, nameof(keys))).ToList();
                var binding = GetBinding("Get");
                var storage = binding.Storage;
                var records = new List<TRecord>(boxedKeys.Count);
                storage.Lock.EnterReadLock();
                try
                {
                    foreach (var key in boxedKeys)
                    {
                        if (storage.TryGetRow(key, out var row))
                        {
                            records.Add(Materialize(binding, storage.Rows[row]!, row, includeVectors));
                        }
                    }
                }
                finally
                {
                    storage.Lock.ExitReadLock();
                }

                return records;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Without an ordering, records come in storage order. Orderings compare values with <see cref="Comparer{T}.Default"/>.</remarks>
    public override IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        var includeVectors = CheckIncludeVectors(options.IncludeVectors);
        var orderBy = options.OrderBy?.Invoke(new()).Values ?? [];
        var skip = options.Skip;

        return new DeferredAsyncEnumerable<TRecord>(
            ct =>
            {
                var binding = GetBinding("Get");
                var predicate = CompileFilter(binding, filter);
                var selectors = orderBy.Select(o => (Select: CompileSelector(binding, o.PropertySelector), o.Ascending)).ToArray();
                return QueryLocked(binding, predicate, selectors, skip, top, includeVectors, ct);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();

        var boxedKeys = keys.Select(k => BoxKey(k, nameof(keys))).ToList();
        if (boxedKeys.Count == 0)
        {
            return Task.CompletedTask;
        }

        GetBinding("Delete").Storage.Delete(boxedKeys);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A vector does not have the dimensions of its property.</exception>
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertCoreAsync([record], nameof(record), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>The batch is validated, and its embeddings generated, before any record is written.</remarks>
    /// <exception cref="ArgumentException">A record is null, or a vector does not have the dimensions of its property.</exception>
    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return UpsertCoreAsync(records as IReadOnlyList<TRecord> ?? records.ToList(), nameof(records), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="searchValue"/> may be a <see cref="ReadOnlyMemory{T}"/> of <see cref="float"/>, a <see cref="float"/> array or an
    /// <see cref="Embedding{T}"/> of <see cref="float"/>; any other input (such as a string) is embedded by the vector property's
    /// embedding generator. Similarities (cosine and dot product similarity) rank higher scores first; distances rank lower scores
    /// first, and <see cref="VectorSearchOptions{TRecord}.ScoreThreshold"/> keeps scores at least (similarities) or at most (distances) the threshold.
    /// </remarks>
    public override IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        _ = CheckIncludeVectors(options.IncludeVectors);
        var vectorProperty = _model.GetVectorPropertyOrSingle(options);

        return BitVectors.IsBitType(vectorProperty.EmbeddingType)
            ? SearchBitsAsync(searchValue, top, options, vectorProperty, cancellationToken)
            : SearchCoreAsync(searchValue, top, options, vectorProperty, cancellationToken);
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    [RequiresUnreferencedCode(TrimmingMessage)]
    [RequiresDynamicCode(AotMessage)]
    internal static CollectionModel BuildModel(VectorStoreCollectionDefinition? definition, IEmbeddingGenerator? embeddingGenerator)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(VectorDataStrings.NonDynamicCollectionWithDictionaryNotSupported(typeof(InMemoryDynamicCollection)));
        }

        return new InMemoryModelBuilder().Build(typeof(TRecord), typeof(TKey), definition, embeddingGenerator);
    }

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchCoreAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord> options,
        VectorPropertyModel vectorProperty,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = await GetQueryVectorAsync(searchValue, vectorProperty, cancellationToken).ConfigureAwait(false);
        var binding = GetBinding("Search");
        var vectorIndex = IndexOfVectorProperty(vectorProperty);
        var kind = _distances[vectorIndex];
        var filter = options.Filter is null ? null : CompileFilter(binding, options.Filter);
        var storage = binding.Storage;

        var column = storage.Vectors[binding.VectorColumns[vectorIndex]];
        var results = SearchLocked(binding, top, options.Skip, options.IncludeVectors, k => Scan(storage, column, query.ToArray(), kind, filter, options.ScoreThreshold, k, cancellationToken));
        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }
    }

    /// <summary>Under the read lock, finds the best <c>skip + top</c> rows with <paramref name="scan"/> and copies out the records after the first <paramref name="skip"/>.</summary>
    private List<VectorSearchResult<TRecord>> SearchLocked(StorageBinding binding, int top, int skip, bool includeVectors, Func<int, (int Row, float Score)[]> scan)
    {
        var storage = binding.Storage;
        storage.Lock.EnterReadLock();
        try
        {
            var k = (int)Math.Min((long)skip + top, storage.Count);
            var best = k == 0 ? [] : scan(k);
            var results = new List<VectorSearchResult<TRecord>>(Math.Max(0, best.Length - skip));
            for (var i = skip; i < best.Length; i++)
            {
                var (row, score) = best[i];
                results.Add(new(Materialize(binding, storage.Rows[row]!, row, includeVectors), score));
            }

            return results;
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }
    }

    /// <summary>Under the read lock, finds the rows <paramref name="predicate"/> accepts, orders them, and copies out the page after <paramref name="skip"/>.</summary>
    private List<TRecord> QueryLocked(
        StorageBinding binding,
        Func<object?[], bool> predicate,
        (Func<object?[], object?> Select, bool Ascending)[] selectors,
        int skip,
        int top,
        bool includeVectors,
        CancellationToken cancellationToken)
    {
        var storage = binding.Storage;
        storage.Lock.EnterReadLock();
        try
        {
            var rows = storage.Rows;

            // Without an ordering the first skip + top matches in storage order are the page; with one, every match is.
            var wanted = selectors.Length == 0 ? (long)skip + top : long.MaxValue;
            var matches = new List<int>();
            for (var row = 0; row < storage.RowCount && matches.Count < wanted; row++)
            {
                if (rows[row] is { } values && predicate(values))
                {
                    matches.Add(row);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (selectors.Length > 0)
            {
                matches.Sort((a, b) =>
                {
                    var order = CompareRows(rows[a]!, rows[b]!, selectors);
                    return order != 0 ? order : a.CompareTo(b);
                });
            }

            return [.. matches.Skip(skip).Take(top).Select(row => Materialize(binding, rows[row]!, row, includeVectors))];
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }
    }

    private static int CompareRows(object?[] a, object?[] b, (Func<object?[], object?> Select, bool Ascending)[] selectors)
    {
        foreach (var (select, ascending) in selectors)
        {
            var order = Comparer<object?>.Default.Compare(select(a), select(b));
            if (order != 0)
            {
                return ascending ? order : -order;
            }
        }

        return 0;
    }

    /// <summary>Reads a search value as a vector, or embeds it with the vector property's generator, and checks its length.</summary>
    private static async ValueTask<ReadOnlyMemory<float>> GetQueryVectorAsync<TInput>(TInput searchValue, VectorPropertyModel vectorProperty, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float> query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            _ when vectorProperty.EmbeddingGenerationDispatcher is not null
                => ((Embedding<float>)await vectorProperty.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false)).Vector,
            _ when vectorProperty.EmbeddingGenerator is null
                => throw new NotSupportedException(VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(searchValue!.GetType(), InMemoryModelBuilder.SupportedVectorTypes)),
            _ => throw new InvalidOperationException(VectorDataStrings.IncompatibleEmbeddingGeneratorWasConfiguredForInputType(typeof(TInput), vectorProperty.EmbeddingGenerator.GetType())),
        };

        if (query.Length != vectorProperty.Dimensions)
        {
            throw new ArgumentException(
                $"The search vector has {query.Length} dimensions, but vector property '{vectorProperty.ModelName}' has {vectorProperty.Dimensions}.",
                nameof(searchValue));
        }

        return query;
    }

    private static (int Row, float Score)[] Scan(
        CollectionStorage storage,
        VectorColumn column,
        float[] query,
        DistanceKind kind,
        Func<object?[], bool>? filter,
        double? threshold,
        int k,
        CancellationToken cancellationToken)
    {
        var queryNorm = TensorPrimitives.Norm(query);
        return RowScan.Run(storage.RowCount, k, ParallelScanThreshold, cancellationToken, ScanRange);

        void ScanRange(int start, int end, TopK heap)
        {
            var rows = storage.Rows;
            var data = column.Data;
            var norms = column.Norms;
            var present = column.Present;
            var dimensions = column.Dimensions;
            var higherIsBetter = DistanceScorer.HigherIsBetter(kind);
            var scratch = kind is DistanceKind.EuclideanSquaredDistance or DistanceKind.ManhattanDistance ? new float[dimensions] : [];
            ReadOnlySpan<float> q = query;

            for (var row = start; row < end; row++)
            {
                if (!present[row] || (filter is not null && !filter(rows[row]!)))
                {
                    continue;
                }

                var score = DistanceScorer.Score(kind, q, new ReadOnlySpan<float>(data, row * dimensions, dimensions), queryNorm, norms[row], scratch);
                if (float.IsNaN(score) || (threshold is { } t && (higherIsBetter ? score < t : score > t)))
                {
                    continue;
                }

                heap.Offer(row, higherIsBetter ? score : -score, score);
            }
        }
    }

    private async Task UpsertCoreAsync(IReadOnlyList<TRecord> records, string parameterName, CancellationToken cancellationToken)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is null)
            {
                throw new ArgumentException($"The record at index {i} is null.", parameterName);
            }
        }

        if (records.Count == 0)
        {
            return;
        }

        // Fail fast on a missing collection before spending time on embeddings.
        _ = GetBinding("Upsert");
        var generated = await GenerateEmbeddingsAsync(records, cancellationToken).ConfigureAwait(false);

        var binding = GetBinding("Upsert");
        var storage = binding.Storage;
        var prepared = new StorageRecord[records.Count];
        var vectorColumns = storage.Vectors.Length;
        var allVectors = new ReadOnlyMemory<float>[records.Count * vectorColumns];
        for (var i = 0; i < records.Count; i++)
        {
            prepared[i] = PrepareRecord(binding, records[i], i, generated, allVectors.AsMemory(i * vectorColumns, vectorColumns), parameterName);
        }

        cancellationToken.ThrowIfCancellationRequested();
        storage.Upsert(prepared);
    }

    /// <summary>Turns the record at <paramref name="index"/> into its storage row: its key (generated if it is an empty auto-generated one), copies of its data, and its vectors checked.</summary>
    private StorageRecord PrepareRecord(
        StorageBinding binding, TRecord record, int index, ReadOnlyMemory<float>[]?[]? generated, Memory<ReadOnlyMemory<float>> vectors, string parameterName)
    {
        var keyProperty = _model.KeyProperty;
        var key = keyProperty.GetValueAsObject(record)
            ?? throw new ArgumentException($"The record at index {index} has no value for key property '{keyProperty.ModelName}'.", parameterName);
        if (keyProperty.IsAutoGenerated && key is Guid guid && guid == Guid.Empty)
        {
            key = Guid.NewGuid();
            keyProperty.SetValueAsObject(record, key);
        }

        CheckKeyType(key, parameterName);

        var values = new object?[1 + binding.Storage.Schema.DataColumns.Count];
        values[0] = key;
        for (var d = 0; d < _model.DataProperties.Count; d++)
        {
            values[binding.DataSlots[d]] = ValueCopier.Copy(_model.DataProperties[d].GetValueAsObject(record));
        }

        for (var v = 0; v < _model.VectorProperties.Count; v++)
        {
            var property = _model.VectorProperties[v];
            var dimensions = 0;
            var vector = generated?[v] is { } propertyVectors
                ? propertyVectors[index]
                : ReadVector(property.GetValueAsObject(record), out dimensions);
            if (!vector.IsEmpty && generated?[v] is null && dimensions != property.Dimensions)
            {
                throw new ArgumentException(
                    $"Vector property '{property.ModelName}' of the record with key '{key}' has {dimensions} dimensions, but the property is configured with {property.Dimensions}.",
                    parameterName);
            }

            vectors.Span[binding.VectorColumns[v]] = vector;
        }

        return new StorageRecord(values, vectors);
    }

    /// <summary>Embeds, per vector property that needs it, the non-null inputs of the batch in one call to its generator.</summary>
    private async Task<ReadOnlyMemory<float>[]?[]?> GenerateEmbeddingsAsync(IReadOnlyList<TRecord> records, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<float>[]?[]? generated = null;
        for (var v = 0; v < _model.VectorProperties.Count; v++)
        {
            var property = _model.VectorProperties[v];
            if (InMemoryModelBuilder.IsNativeVectorType(property.Type))
            {
                continue;
            }

            var indexes = new List<int>(records.Count);
            var inputs = new List<object?>(records.Count);
            for (var i = 0; i < records.Count; i++)
            {
                if (property.GetValueAsObject(records[i]) is { } input)
                {
                    indexes.Add(i);
                    inputs.Add(input);
                }
            }

            var vectors = new ReadOnlyMemory<float>[records.Count];
            if (inputs.Count > 0)
            {
                var embeddings = await property.GenerateEmbeddingsAsync(inputs, cancellationToken).ConfigureAwait(false);
                if (embeddings.Count != inputs.Count)
                {
                    throw new InvalidOperationException(
                        $"The embedding generator of vector property '{property.ModelName}' returned {embeddings.Count} embeddings for {inputs.Count} inputs.");
                }

                for (var j = 0; j < embeddings.Count; j++)
                {
                    var vector = ReadVector(embeddings[j], out var dimensions);
                    if (dimensions != property.Dimensions)
                    {
                        throw new InvalidOperationException(
                            $"The embedding generator of vector property '{property.ModelName}' returned {dimensions} dimensions, but the property is configured with {property.Dimensions}; configure the generator's dimensions to match.");
                    }

                    vectors[indexes[j]] = vector;
                }
            }

            generated ??= new ReadOnlyMemory<float>[]?[_model.VectorProperties.Count];
            generated[v] = vectors;
        }

        return generated;
    }

    // A bit vector comes back packed (BitVectors), so that every kind of vector reaches storage the same way.
    private static ReadOnlyMemory<float> ReadVector(object? value, out int dimensions)
    {
        (ReadOnlyMemory<float> vector, dimensions) = value switch
        {
            ReadOnlyMemory<float> memory => (memory, memory.Length),
            float[] array => (array, array.Length),
            Embedding<float> embedding => (embedding.Vector, embedding.Vector.Length),
            BitArray bits => (BitVectors.Pack(bits), bits.Length),
            BinaryEmbedding embedding => (BitVectors.Pack(embedding.Vector), embedding.Vector.Length),
            _ => (default(ReadOnlyMemory<float>), 0),
        };
        return vector;
    }

    private TRecord Materialize(StorageBinding binding, object?[] values, int row, bool includeVectors)
    {
        var record = _model.CreateRecord<TRecord>();
        _model.KeyProperty.SetValueAsObject(record, values[0]);
        for (var d = 0; d < _model.DataProperties.Count; d++)
        {
            _model.DataProperties[d].SetValueAsObject(record, ValueCopier.Copy(values[binding.DataSlots[d]]));
        }

        if (includeVectors && row >= 0)
        {
            for (var v = 0; v < _model.VectorProperties.Count; v++)
            {
                var property = _model.VectorProperties[v];
                var column = binding.Storage.Vectors[binding.VectorColumns[v]];
                if (column.Present[row] && column.Kind == VectorKind.Bits)
                {
                    var bits = BitVectors.Unpack(column.BitRow(row), column.Dimensions);
                    property.SetValueAsObject(record, property.Type == typeof(BinaryEmbedding) ? new BinaryEmbedding(bits) : bits);
                }
                else if (column.Present[row])
                {
                    var vector = column.Row(row).ToArray();
                    property.SetValueAsObject(record, property.Type == typeof(float[]) ? vector
                        : property.Type == typeof(Embedding<float>) ? new Embedding<float>(vector)
                        : new ReadOnlyMemory<float>(vector));
                }
            }
        }

        return record;
    }

    private Func<object?[], bool> CompileFilter(StorageBinding binding, Expression<Func<TRecord, bool>> filter)
        => (Func<object?[], bool>)binding.GetOrCompile(filter, original =>
        {
            var expression = ValueEqualityRewriter.Rewrite(original);
            var rewritten = RowExpressionRewriter.TryRewrite(expression, binding.SlotsByModelName, typeof(Func<object?[], bool>));
            if (rewritten is not null)
            {
                return rewritten.Compile();
            }

            // The filter needs the record itself: evaluate it on a copy of each row's record.
            var compiled = ((Expression<Func<TRecord, bool>>)expression).Compile();
            return new Func<object?[], bool>(values => compiled(Materialize(binding, values, row: -1, includeVectors: false)));
        });

    private Func<object?[], object?> CompileSelector(StorageBinding binding, Expression<Func<TRecord, object?>> selector)
        => (Func<object?[], object?>)binding.GetOrCompile(selector, expression =>
        {
            var rewritten = RowExpressionRewriter.TryRewrite(expression, binding.SlotsByModelName, typeof(Func<object?[], object?>));
            if (rewritten is not null)
            {
                return rewritten.Compile();
            }

            var compiled = ((Expression<Func<TRecord, object?>>)expression).Compile();
            return new Func<object?[], object?>(values => compiled(Materialize(binding, values, row: -1, includeVectors: false)));
        });

    private StorageBinding GetBinding(string operation)
    {
        if (!_catalog.TryGet(Name, out var storage))
        {
            throw new VectorStoreException($"Collection '{Name}' does not exist; call EnsureCollectionExistsAsync first.")
            {
                VectorStoreSystemName = InMemoryVectorStore.SystemName,
                CollectionName = Name,
                OperationName = operation,
            };
        }

        var binding = Volatile.Read(ref _binding);
        if (binding is null || !ReferenceEquals(binding.Storage, storage))
        {
            binding = StorageBinding.Bind(Name, _model, storage);
            Volatile.Write(ref _binding, binding);
        }

        return binding;
    }

    private object BoxKey(TKey key, string parameterName)
    {
        if (key is null)
        {
            throw new ArgumentNullException(parameterName, "Keys cannot be null.");
        }

        object boxed = key;
        CheckKeyType(boxed, parameterName);
        return boxed;
    }

    // Dynamic collections take object keys: the boxed type must be the key property's, or lookups would silently miss.
    private void CheckKeyType(object key, string parameterName)
    {
        var keyType = Nullable.GetUnderlyingType(_model.KeyProperty.Type) ?? _model.KeyProperty.Type;
        if (typeof(TKey) == typeof(object) && key.GetType() != keyType)
        {
            throw new ArgumentException($"Key '{key}' is of type '{key.GetType().Name}', but the keys of collection '{Name}' are of type '{keyType.Name}'.", parameterName);
        }
    }

    private bool CheckIncludeVectors(bool includeVectors)
        => includeVectors && _model.EmbeddingGenerationRequired
            ? throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration)
            : includeVectors;

    private int IndexOfVectorProperty(VectorPropertyModel property)
    {
        for (var i = 0; i < _model.VectorProperties.Count; i++)
        {
            if (ReferenceEquals(_model.VectorProperties[i], property))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Vector property '{property.ModelName}' is not part of collection '{Name}'.");
    }
}
