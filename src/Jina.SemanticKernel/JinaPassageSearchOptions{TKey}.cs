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

    /// <summary>Gets or sets how many chunks the search finds; each becomes a passage, or joins one when neighbourhoods meet. 5 unless set.</summary>
    public int Top { get; set; } = 5;

    /// <summary>Gets or sets how the chunks are ranked; <see cref="JinaSearchMode.Auto"/> unless set.</summary>
    public JinaSearchMode Mode { get; set; } = JinaSearchMode.Auto;

    /// <summary>Gets or sets how many chunks before and after each hit, from the same document, join it in its passage; 0 unless set.</summary>
    /// <remarks>Neighbourhoods of hits in the same document that overlap or touch merge into one passage, which keeps its best hit's rank.</remarks>
    public int NeighborChunks { get; set; }

    /// <summary>Gets or sets the reranker that orders the retrieved candidates before the cut to <see cref="Top"/>, or <see langword="null"/> (the default) for none.</summary>
    /// <remarks>With a reranker the search retrieves <see cref="RerankCandidates"/> chunks, reranks their texts in one request and keeps the best <see cref="Top"/>; it is not disposed by the search.</remarks>
    public JinaReranker? Reranker { get; set; }

    /// <summary>Gets or sets how many chunks retrieval fetches for the <see cref="Reranker"/>, or <see langword="null"/> for four times <see cref="Top"/> and at least 20; never fewer than <see cref="Top"/>.</summary>
    public int? RerankCandidates { get; set; }

    /// <summary>Gets or sets a filter on the chunks the search may find, or <see langword="null"/> for all.</summary>
    /// <remarks>It applies to the hits; their neighbours are taken from the same documents as they are.</remarks>
    public Expression<Func<JinaDocumentChunk<TKey>, bool>>? Filter { get; set; }

    /// <summary>Returns a copy of these options, with another <see cref="Top"/> when one is given.</summary>
    /// <param name="top">The number of hits of the copy, or <see langword="null"/> to keep this one's.</param>
    /// <returns>The copy.</returns>
    public JinaPassageSearchOptions<TKey> Clone(int? top = null) =>
        new() { Top = top ?? Top, Mode = Mode, NeighborChunks = NeighborChunks, Filter = Filter, Reranker = Reranker, RerankCandidates = RerankCandidates };

    /// <summary>Gets how many chunks retrieval fetches: <see cref="Top"/>, or with a reranker its candidates.</summary>
    internal int RetrievalCount => Reranker is null ? Top : Math.Max(Top, RerankCandidates ?? Math.Max(4 * Top, 20));

    /// <summary>Checks the options, naming the one out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Top, 1, "options.Top");
        ArgumentOutOfRangeException.ThrowIfNegative(NeighborChunks, "options.NeighborChunks");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NeighborChunks, MaxNeighborChunks, "options.NeighborChunks");
        if (RerankCandidates is { } candidates)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1, "options.RerankCandidates");
        }
    }
}
