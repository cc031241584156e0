using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory;

/// <summary>The two-stage search of bit vectors rescored by float vectors, on dynamic records.</summary>
public sealed partial class InMemoryDynamicCollection
{
    /// <inheritdoc cref="InMemoryCollection{TKey, TRecord}.SearchWithRescoringAsync{TInput}"/>
    [Experimental(JinaExperiments.Rescoring, UrlFormat = JinaExperiments.RescoringUrl)]
    public IAsyncEnumerable<VectorSearchResult<Dictionary<string, object?>>> SearchWithRescoringAsync<TInput>(
        TInput searchValue,
        int top,
        RescoringSearchOptions<Dictionary<string, object?>>? options = null,
        CancellationToken cancellationToken = default)
        where TInput : notnull
        => _inner.SearchWithRescoringAsync(searchValue, top, options, cancellationToken);
}
