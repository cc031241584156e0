using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Jina.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Represents the options of a passage search over a collection of <see cref="JinaDocumentChunk{TKey}"/> records.</summary>
/// <typeparam name="TKey">The collection's key type.</typeparam>
public sealed class JinaPassageSearchOptions<TKey>
    where TKey : notnull
{
    /// <summary>The largest number of neighbours a hit can bring on each side.</summary>
    public const int MaxNeighborChunks = 20;

    /// <summary>Gets or sets how many passages the search returns (fewer only when the collection runs out of chunks); 5 unless set.</summary>
    /// <remarks>
    /// Each passage holds at least one hit. When a hit falls in or next to the neighbourhood of a better one in the same document, it
    /// joins that passage instead of taking a place of its own (up to three hits a passage; further ones are passed over), and the
    /// search takes further hits until it has this many passages, as grouped search counts groups rather than points (Qdrant's
    /// search groups, three points a group by default; Elasticsearch's field collapsing).
    /// </remarks>
    public int Top { get; set; } = 5;

    /// <summary>Gets or sets how the chunks are ranked; <see cref="JinaSearchMode.Auto"/> unless set.</summary>
    public JinaSearchMode Mode { get; set; } = JinaSearchMode.Auto;

    /// <summary>Gets or sets how many chunks before and after each hit, from the same document, join it in its passage; 0 unless set.</summary>
    /// <remarks>Neighbourhoods of hits in the same document that overlap or touch merge into one passage, which keeps its best hit's rank.</remarks>
    public int NeighborChunks { get; set; }

    /// <summary>Gets or sets how many tokens the neighbours of one hit may hold together, or <see langword="null"/> (the default) for no limit but <see cref="NeighborChunks"/>.</summary>
    /// <remarks>
    /// With a budget, neighbours join nearest first, alternating before and after the hit, while they fit, up to
    /// <see cref="NeighborChunks"/> on each side; a side ends at the first chunk that does not fit. So a one-line chat message
    /// brings more of its conversation than a long paragraph brings of its document, the way parent-document and auto-merging
    /// retrievers size the context around a hit in tokens rather than in units. Tokens are estimated as the late chunker estimates
    /// them without a tokenizer: a Chinese, Japanese or Korean character or a symbol is one, and a word about one per three letters.
    /// </remarks>
    public int? NeighborTokens { get; set; }

    /// <summary>Gets or sets the reranker that orders the retrieved candidates before the cut to <see cref="Top"/>, or <see langword="null"/> (the default) for none.</summary>
    /// <remarks>With a reranker the search retrieves <see cref="RerankCandidates"/> chunks, reranks their texts in one request and takes the hits in its order until they make <see cref="Top"/> passages (no further candidates are read); it is not disposed by the search.</remarks>
    [Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
    public JinaReranker? Reranker { get; set; }

    /// <summary>Gets or sets how many chunks retrieval fetches for the <see cref="Reranker"/>, or <see langword="null"/> for four times <see cref="Top"/> and at least 20; never fewer than <see cref="Top"/>.</summary>
    [Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
    public int? RerankCandidates { get; set; }

    /// <summary>Gets or sets a filter on the chunks the search may find, or <see langword="null"/> for all.</summary>
    /// <remarks>It applies to the hits; their neighbours are taken from the same documents as they are.</remarks>
    public Expression<Func<JinaDocumentChunk<TKey>, bool>>? Filter { get; set; }

    /// <summary>Returns a copy of these options, with another <see cref="Top"/> when one is given.</summary>
    /// <param name="top">The number of passages of the copy, or <see langword="null"/> to keep this one's.</param>
    /// <returns>The copy.</returns>
    public JinaPassageSearchOptions<TKey> Clone(int? top = null) =>
        new() { Top = top ?? Top, Mode = Mode, NeighborChunks = NeighborChunks, NeighborTokens = NeighborTokens, Filter = Filter, Reranker = Reranker, RerankCandidates = RerankCandidates };

    /// <summary>Gets how many chunks retrieval fetches: <see cref="Top"/>, or with a reranker its candidates.</summary>
    internal int RetrievalCount => Reranker is null ? Top : Math.Max(Top, RerankCandidates ?? Math.Max(4 * Top, 20));

    /// <summary>Checks the options, naming the one out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Top, 1, "options.Top");
        ArgumentOutOfRangeException.ThrowIfNegative(NeighborChunks, "options.NeighborChunks");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NeighborChunks, MaxNeighborChunks, "options.NeighborChunks");
        if (NeighborTokens is int tokens)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1, "options.NeighborTokens");
        }

        if (RerankCandidates is { } candidates)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1, "options.RerankCandidates");
        }
    }
}
