using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>A collection that can only do vector search, as many MEVD connectors: it hides the inner collection's hybrid search.</summary>
public sealed class VectorOnlyCollection<TKey, TRecord>(VectorStoreCollection<TKey, TRecord> inner) : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    public override string Name => inner.Name;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => inner.CollectionExistsAsync(cancellationToken);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => inner.EnsureCollectionExistsAsync(cancellationToken);

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => inner.EnsureCollectionDeletedAsync(cancellationToken);

    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) => inner.GetAsync(key, options, cancellationToken);

    public override IAsyncEnumerable<TRecord> GetAsync(IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) => inner.GetAsync(keys, options, cancellationToken);

    public override IAsyncEnumerable<TRecord> GetAsync(Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
        => inner.GetAsync(filter, top, options, cancellationToken);

    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default) => inner.DeleteAsync(keys, cancellationToken);

    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default) => inner.UpsertAsync(record, cancellationToken);

    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default) => inner.UpsertAsync(records, cancellationToken);

    public override IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
        => inner.SearchAsync(searchValue, top, options, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(IKeywordHybridSearchable<TRecord>) ? null : inner.GetService(serviceType, serviceKey);
}
