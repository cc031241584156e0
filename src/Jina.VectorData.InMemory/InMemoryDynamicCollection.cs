using System.Linq.Expressions;
using Jina.VectorData.InMemory.Internal;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory;

/// <summary>Represents an in-memory collection of dynamic records, <see cref="Dictionary{TKey, TValue}"/> of property name to value, described by a <see cref="VectorStoreCollectionDefinition"/>.</summary>
/// <remarks>
/// Behaves as <see cref="InMemoryCollection{TKey, TRecord}"/>, without reflection over record types, so it is trimming and NativeAOT friendly.
/// Keys are passed as objects of the definition's key type. A dynamic and a typed collection opened on the same store and name share their records
/// when their properties match.
/// </remarks>
public sealed partial class InMemoryDynamicCollection : VectorStoreCollection<object, Dictionary<string, object?>>
{
    private readonly InMemoryCollection<object, Dictionary<string, object?>> _inner;

    /// <summary>Initializes a new instance of the <see cref="InMemoryDynamicCollection"/> class, holding its own data.</summary>
    /// <param name="name">The name of the collection.</param>
    /// <param name="options">The options of the collection; <see cref="VectorStoreCollectionOptions.Definition"/> is required.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or the options carry no definition.</exception>
    public InMemoryDynamicCollection(string name, InMemoryCollectionOptions options)
        : this(name, new StorageCatalog(), options)
    {
    }

    internal InMemoryDynamicCollection(string name, StorageCatalog catalog, InMemoryCollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Definition is null)
        {
            throw new ArgumentException("A dynamic collection needs a VectorStoreCollectionDefinition describing its properties.", nameof(options));
        }

        var model = new InMemoryModelBuilder().BuildDynamic(options.Definition, options.EmbeddingGenerator);
        _inner = new InMemoryCollection<object, Dictionary<string, object?>>(name, catalog, model);
    }

    /// <inheritdoc/>
    public override string Name => _inner.Name;

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
        => _inner.CollectionExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
        => _inner.EnsureCollectionExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
        => _inner.EnsureCollectionDeletedAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task<Dictionary<string, object?>?> GetAsync(object key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
        => _inner.GetAsync(key, options, cancellationToken);

    /// <inheritdoc/>
    public override IAsyncEnumerable<Dictionary<string, object?>> GetAsync(IEnumerable<object> keys, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
        => _inner.GetAsync(keys, options, cancellationToken);

    /// <inheritdoc/>
    public override IAsyncEnumerable<Dictionary<string, object?>> GetAsync(
        Expression<Func<Dictionary<string, object?>, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<Dictionary<string, object?>>? options = null,
        CancellationToken cancellationToken = default)
        => _inner.GetAsync(filter, top, options, cancellationToken);

    /// <inheritdoc/>
    public override Task DeleteAsync(object key, CancellationToken cancellationToken = default)
        => _inner.DeleteAsync(key, cancellationToken);

    /// <inheritdoc/>
    public override Task DeleteAsync(IEnumerable<object> keys, CancellationToken cancellationToken = default)
        => _inner.DeleteAsync(keys, cancellationToken);

    /// <inheritdoc/>
    public override Task UpsertAsync(Dictionary<string, object?> record, CancellationToken cancellationToken = default)
        => _inner.UpsertAsync(record, cancellationToken);

    /// <inheritdoc/>
    public override Task UpsertAsync(IEnumerable<Dictionary<string, object?>> records, CancellationToken cancellationToken = default)
        => _inner.UpsertAsync(records, cancellationToken);

    /// <inheritdoc/>
    public override IAsyncEnumerable<VectorSearchResult<Dictionary<string, object?>>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<Dictionary<string, object?>>? options = null,
        CancellationToken cancellationToken = default)
        => _inner.SearchAsync(searchValue, top, options, cancellationToken);

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _inner.GetService(serviceType)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }
}
