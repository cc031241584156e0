using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Jina.Extensions.AI;
using Microsoft.SemanticKernel.Data;

namespace Jina.SemanticKernel;

/// <summary>Represents a Semantic Kernel text search that fetches more candidates than asked for from another text search and keeps the ones Jina's reranker ranks best.</summary>
/// <remarks>
/// Create it with <see cref="JinaVectorStoreExtensions.CreateTextSearch{TKey}(Microsoft.Extensions.VectorData.VectorStoreCollection{TKey, JinaDocumentChunk{TKey}}, JinaReranker, int)"/>.
/// A search for <c>Top</c> results after <c>Skip</c> asks the inner search for <see cref="Candidates"/> (at least
/// <c>Skip + Top</c>) with the same filter, reranks their texts in one request, and returns results <c>Skip</c> to
/// <c>Skip + Top</c> of the new order.
/// </remarks>
/// <typeparam name="TRecord">The record type of the inner search.</typeparam>
[Experimental("SKEXP0001")]
public sealed class JinaRerankingTextSearch<TRecord> : ITextSearch<TRecord>
{
    private readonly ITextSearch<TRecord> _inner;
    private readonly JinaReranker _reranker;
    private readonly Func<TRecord, string> _textOf;
    private readonly Func<TRecord, TextSearchResult> _resultOf;

    internal JinaRerankingTextSearch(
        ITextSearch<TRecord> inner, JinaReranker reranker, Func<TRecord, string> textOf, Func<TRecord, TextSearchResult> resultOf, int candidates)
    {
        _inner = inner;
        _reranker = reranker;
        _textOf = textOf;
        _resultOf = resultOf;
        Candidates = candidates;
    }

    /// <summary>Gets how many candidates a search fetches to rerank (more when <c>Skip + Top</c> is larger).</summary>
    public int Candidates { get; }

    /// <inheritdoc/>
    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<TRecord>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        (IReadOnlyList<TRecord> records, long? total) = await SearchTypedAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);
        return new KernelSearchResults<string>(Enumerate(records, _textOf), total);
    }

    /// <inheritdoc/>
    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(
        string query, TextSearchOptions<TRecord>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        (IReadOnlyList<TRecord> records, long? total) = await SearchTypedAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);
        return new KernelSearchResults<TextSearchResult>(Enumerate(records, _resultOf), total);
    }

    /// <inheritdoc/>
    public async Task<KernelSearchResults<TRecord>> GetSearchResultsAsync(string query, TextSearchOptions<TRecord>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        (IReadOnlyList<TRecord> records, long? total) = await SearchTypedAsync(query, searchOptions, cancellationToken).ConfigureAwait(false);
        return new KernelSearchResults<TRecord>(Enumerate(records, static r => r), total);
    }

    private Task<(IReadOnlyList<TRecord>, long?)> SearchTypedAsync(string query, TextSearchOptions<TRecord>? options, CancellationToken cancellationToken)
    {
        int skip = options?.Skip ?? 0;
        int top = options?.Top ?? TextSearchOptions<TRecord>.DefaultTop;
        var candidates = new TextSearchOptions<TRecord> { Top = CandidatesFor(skip, top), Skip = 0, Filter = options?.Filter, IncludeTotalCount = options?.IncludeTotalCount ?? false };
        return RerankAsync(query, skip, top, token => _inner.GetSearchResultsAsync(query, candidates, token), cancellationToken);
    }

    private int CandidatesFor(int skip, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip, "searchOptions.Skip");
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1, "searchOptions.Top");
        return Math.Max(Candidates, skip + top);
    }

    private async Task<(IReadOnlyList<TRecord>, long?)> RerankAsync(
        string query, int skip, int top, Func<CancellationToken, Task<KernelSearchResults<TRecord>>> fetch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        KernelSearchResults<TRecord> found = await fetch(cancellationToken).ConfigureAwait(false);
        var records = new List<TRecord>();
        await foreach (TRecord record in found.Results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            records.Add(record);
        }

        if (records.Count <= skip)
        {
            return ([], found.TotalCount);
        }

        JinaRerankResult ranked = await _reranker.RerankAsync(
            query, records.Select(_textOf), new JinaRerankOptions { TopN = Math.Min(skip + top, records.Count) }, cancellationToken).ConfigureAwait(false);
        return ([.. ranked.Skip(skip).Take(top).Select(r => records[r.Index])], found.TotalCount);
    }

    private static async IAsyncEnumerable<T> Enumerate<T>(IReadOnlyList<TRecord> records, Func<TRecord, T> map, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (TRecord record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return map(record);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
