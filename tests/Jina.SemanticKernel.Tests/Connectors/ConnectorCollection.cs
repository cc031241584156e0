using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>
/// A small MEVD collection that behaves as one connector does against its database: the model is built and checked with MEVD's
/// model builders and the connector's rules, keys and values are checked as the database checks them, filters are translated
/// as the connector translates them, and rows are copied in and out. Search is exact.
/// </summary>
public sealed class ConnectorCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly ConnectorVectorStore _store;
    private readonly ConnectorRules _rules;
    private readonly CollectionModel _model;
    private readonly VectorPropertyModel _vector;

    [RequiresUnreferencedCode("Maps records by reflection.")]
    [RequiresDynamicCode("Maps records by reflection.")]
    public ConnectorCollection(ConnectorVectorStore store, string name, VectorStoreCollectionDefinition? definition)
    {
        _store = store;
        _rules = store.Rules;
        _rules.ValidateCollectionName(name);
        Name = name;
        _model = ConnectorModelBuilders.Build(_rules, typeof(TRecord), typeof(TKey), definition, null);
        _vector = _model.VectorProperties.Count == 1
            ? _model.VectorProperties[0]
            : throw new NotSupportedException("The connector doubles hold records with exactly one vector.");
    }

    public override string Name { get; }

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Find(Name) is not null);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        _store.Count("EnsureCollectionExists");
        _store.Create(Name, _vector.Dimensions);
        return Task.CompletedTask;
    }

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        _store.EnsureCollectionDeletedAsync(Name, cancellationToken);

    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false))
        {
            return record;
        }

        return null;
    }

    public override async IAsyncEnumerable<TRecord> GetAsync(
        IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        bool vectors = CheckIncludeVectors(options?.IncludeVectors ?? false);
        var table = Table("Get");
        var found = new List<TRecord>();
        lock (table.Lock)
        {
            foreach (var key in keys)
            {
                _rules.ValidateKey(key);
                if (table.Rows.TryGetValue(key, out var row))
                {
                    found.Add(Materialize(key, row.Data, row.Vector, vectors));
                }
            }
        }

        foreach (var record in found)
        {
            await Task.Yield();
            yield return record;
        }
    }

    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        bool vectors = CheckIncludeVectors(options.IncludeVectors);
        var predicate = new ConnectorFilterTranslator(_rules).Translate(filter, _model);
        var orderBy = (options.OrderBy?.Invoke(new()).Values ?? [])
            .Select(o => ((PropertyModel)_model.GetDataOrKeyProperty(o.PropertySelector), o.Ascending))
            .ToList();
        _rules.ValidateOrderBy(orderBy);
        _rules.ValidatePage(top, options.Skip);

        var table = Table("GetFiltered");
        List<TRecord> page;
        lock (table.Lock)
        {
            IEnumerable<KeyValuePair<object, (Dictionary<string, object?> Data, float[]? Vector)>> rows = table.Rows.Where(r => predicate(r.Value.Data));
            if (orderBy.Count == 0)
            {
                // A store returns unordered results in its own order, not in the order they were written.
                rows = rows.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal);
            }
            else
            {
                var ordered = rows.OrderBy(_ => 0);
                foreach (var (property, ascending) in orderBy)
                {
                    ordered = ascending
                        ? ordered.ThenBy(r => Read(r.Key, r.Value.Data, property), Comparer<object?>.Default)
                        : ordered.ThenByDescending(r => Read(r.Key, r.Value.Data, property), Comparer<object?>.Default);
                }

                rows = ordered;
            }

            page = [.. rows.Skip(options.Skip).Take(top).Select(r => Materialize((TKey)r.Key, r.Value.Data, r.Value.Vector, vectors))];
        }

        foreach (var record in page)
        {
            await Task.Yield();
            yield return record;
        }
    }

    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        var table = Table("Delete");
        lock (table.Lock)
        {
            foreach (var key in keys)
            {
                _rules.ValidateKey(key);
                table.Rows.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        var table = Table("Upsert");
        var rows = new List<(object Key, Dictionary<string, object?> Data, float[]? Vector)>();
        foreach (var record in records)
        {
            var key = _model.KeyProperty.GetValueAsObject(record) ?? throw new ArgumentException("A record has no key.", nameof(records));
            _rules.ValidateKey(key);
            var data = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in _model.DataProperties)
            {
                var value = property.GetValueAsObject(record);
                _rules.ValidateValue(property, value);
                data[property.StorageName] = value is Array array ? array.Clone() : value;
            }

            float[]? vector = _vector.GetValueAsObject(record) switch
            {
                ReadOnlyMemory<float> memory => memory.ToArray(),
                float[] floats => (float[])floats.Clone(),
                Embedding<float> embedding => embedding.Vector.ToArray(),
                _ => null,
            };
            if (vector is not null && vector.Length != table.Dimensions)
            {
                // Qdrant: "Vector dimension error: expected dim: 768, got 1024"; pgvector: "expected 768 dimensions, not 1024".
                throw new VectorStoreException($"{_rules.Name}: collection '{Name}' holds vectors of {table.Dimensions} dimensions, not {vector.Length}.");
            }

            rows.Add((key, data, vector));
        }

        lock (table.Lock)
        {
            foreach (var (key, data, vector) in rows)
            {
                table.Rows[key] = (data, vector);
            }
        }

        return Task.CompletedTask;
    }

    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        bool vectors = CheckIncludeVectors(options.IncludeVectors);
        _rules.ValidatePage(top, options.Skip);
        float[] query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory.ToArray(),
            float[] floats => floats,
            Embedding<float> embedding => embedding.Vector.ToArray(),
            _ when _vector.EmbeddingGenerationDispatcher is not null =>
                ((Embedding<float>)await _vector.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false)).Vector.ToArray(),
            _ => throw new NotSupportedException(VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(searchValue.GetType(), "ReadOnlyMemory<float>, float[], Embedding<float>")),
        };

        var predicate = options.Filter is null ? null : new ConnectorFilterTranslator(_rules).Translate(options.Filter, _model);
        string distance = _vector.DistanceFunction ?? _rules.DefaultDistanceFunction;
        var table = Table("Search");
        List<VectorSearchResult<TRecord>> hits;
        lock (table.Lock)
        {
            if (query.Length != table.Dimensions)
            {
                throw new VectorStoreException($"{_rules.Name}: collection '{Name}' holds vectors of {table.Dimensions} dimensions; the query has {query.Length}.");
            }

            var scored = table.Rows
                .Where(r => r.Value.Vector is not null && (predicate is null || predicate(r.Value.Data)))
                .Select(r => (Row: r, Score: ConnectorRules.Score(distance, query, r.Value.Vector)));
            scored = ConnectorRules.HigherIsBetter(distance) ? scored.OrderByDescending(s => s.Score) : scored.OrderBy(s => s.Score);
            hits = [.. scored.Skip(options.Skip).Take(top).Select(s => new VectorSearchResult<TRecord>(
                Materialize((TKey)s.Row.Key, s.Row.Value.Data, s.Row.Value.Vector, vectors), s.Score))];
        }

        foreach (var hit in hits)
        {
            yield return hit;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = _rules.Name, CollectionName = Name }
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    private ConnectorTable Table(string operation)
    {
        _store.Count(operation);
        return _store.Find(Name) ?? throw new VectorStoreException($"{_rules.Name}: collection '{Name}' does not exist.")
        {
            VectorStoreSystemName = _rules.Name,
            CollectionName = Name,
            OperationName = operation,
        };
    }

    private bool CheckIncludeVectors(bool include) =>
        include && _model.EmbeddingGenerationRequired
            ? throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration)
            : include;

    private object? Read(object key, Dictionary<string, object?> data, PropertyModel property) =>
        property is KeyPropertyModel ? key : data.GetValueOrDefault(property.StorageName);

    private TRecord Materialize(TKey key, Dictionary<string, object?> data, float[]? vector, bool includeVectors)
    {
        var record = _model.CreateRecord<TRecord>();
        _model.KeyProperty.SetValueAsObject(record, key);
        foreach (var property in _model.DataProperties)
        {
            var value = data.GetValueOrDefault(property.StorageName);
            property.SetValueAsObject(record, value is Array array ? array.Clone() : value);
        }

        if (includeVectors && vector is not null)
        {
            _vector.SetValueAsObject(record, _vector.Type == typeof(float[]) ? vector.Clone()
                : _vector.Type == typeof(Embedding<float>) ? new Embedding<float>((float[])vector.Clone())
                : new ReadOnlyMemory<float>((float[])vector.Clone()));
        }

        return record;
    }
}
