using System.Globalization;
using Jina.Extensions.AI;
using Jina.SemanticKernel;

namespace RagChat;

/// <summary>How RagChat searches: the retrieval mode, whether Jina's reranker orders the candidates, and the chunks around each hit that join it.</summary>
/// <param name="Mode">Hybrid (keyword and vector) or vector search.</param>
/// <param name="Neighbors">The most chunks before and after each hit, from the same document, that join it in its passage.</param>
/// <param name="NeighborTokens">The most tokens the neighbours of one hit hold together, or null for no limit but <paramref name="Neighbors"/>.</param>
/// <param name="Rerank">Whether Jina's reranker orders the retrieved candidates before the cut to the top passages (needs a Jina API key).</param>
internal sealed record SearchSettings(
    JinaSearchMode Mode = JinaSearchMode.Hybrid,
    int Neighbors = JinaPassageSearchOptions<string>.MaxNeighborChunks,
    int? NeighborTokens = SearchSettings.DefaultNeighborTokens,
    bool Rerank = false)
{
    /// <summary>The default token budget of a hit's neighbours: LlamaIndex's smallest hierarchical chunk, and where recall@3 on the design question set stopped rising.</summary>
    public const int DefaultNeighborTokens = 128;

    /// <summary>The default: hybrid search, and around each hit the chunks that fit 128 tokens (a chat message with the turns around it).</summary>
    public static SearchSettings Default { get; } = new();

    /// <summary>Returns the passage search options of these settings for <paramref name="top"/> passages.</summary>
    /// <param name="top">How many passages.</param>
    /// <param name="reranker">The reranker, which settings that rerank need.</param>
    /// <exception cref="InvalidOperationException">The settings rerank and there is no reranker.</exception>
    public JinaPassageSearchOptions<string> ToOptions(int top, JinaReranker? reranker = null) => new()
    {
        Top = top,
        Mode = Mode,
        NeighborChunks = Neighbors,
        NeighborTokens = NeighborTokens,
        Reranker = Rerank ? reranker ?? throw new InvalidOperationException("Reranking needs Jina's reranker, which needs JINA_API_KEY.") : null,
    };

    /// <summary>Gets a short description, such as "hybrid + rerank + 1 neighbour" or "hybrid + neighbours ≤ 128 tokens".</summary>
    public override string ToString() =>
        (Mode == JinaSearchMode.Vector ? "vector" : "hybrid") + (Rerank ? " + rerank" : string.Empty) + (Neighbors, NeighborTokens) switch
        {
            (0, _) => string.Empty,
            (JinaPassageSearchOptions<string>.MaxNeighborChunks, int tokens) => string.Create(CultureInfo.InvariantCulture, $" + neighbours ≤ {tokens} tokens"),
            (1, null) => " + 1 neighbour",
            (_, null) => string.Create(CultureInfo.InvariantCulture, $" + {Neighbors} neighbours"),
            (1, int tokens) => string.Create(CultureInfo.InvariantCulture, $" + 1 neighbour ≤ {tokens} tokens"),
            (_, int tokens) => string.Create(CultureInfo.InvariantCulture, $" + {Neighbors} neighbours ≤ {tokens} tokens"),
        };
}
