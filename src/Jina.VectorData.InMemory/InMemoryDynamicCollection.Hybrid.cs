using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory;

/// <summary>Hybrid search over dynamic records, as <see cref="InMemoryCollection{TKey, TRecord}"/> does it.</summary>
public sealed partial class InMemoryDynamicCollection : IKeywordHybridSearchable<Dictionary<string, object?>>
{
    /// <inheritdoc cref="InMemoryCollection{TKey, TRecord}.HybridSearchAsync{TInput}"/>
    public IAsyncEnumerable<VectorSearchResult<Dictionary<string, object?>>> HybridSearchAsync<TInput>(
        TInput searchValue,
        ICollection<string> keywords,
        int top,
        HybridSearchOptions<Dictionary<string, object?>>? options = null,
        CancellationToken cancellationToken = default)
        where TInput : notnull
        => _inner.HybridSearchAsync(searchValue, keywords, top, options, cancellationToken);
}
