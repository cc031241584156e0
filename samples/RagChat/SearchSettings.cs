using Jina.Extensions.AI;
using Jina.SemanticKernel;

namespace RagChat;

/// <summary>How RagChat searches: the retrieval mode, whether Jina's reranker orders the candidates, and how many chunks around each hit join it.</summary>
/// <param name="Mode">Hybrid (keyword and vector) or vector search.</param>
/// <param name="Neighbors">Chunks before and after each hit, from the same document, that join it in its passage.</param>
/// <param name="Rerank">Whether Jina's reranker orders the retrieved candidates before the cut to the top hits (needs a Jina API key).</param>
internal sealed record SearchSettings(JinaSearchMode Mode = JinaSearchMode.Hybrid, int Neighbors = 1, bool Rerank = false)
{
    /// <summary>The default: hybrid search, and one chunk either side of each hit (a chat message with the turns around it).</summary>
    public static SearchSettings Default { get; } = new();

    /// <summary>Returns the passage search options of these settings for <paramref name="top"/> hits.</summary>
    /// <param name="top">How many hits.</param>
    /// <param name="reranker">The reranker, which settings that rerank need.</param>
    /// <exception cref="InvalidOperationException">The settings rerank and there is no reranker.</exception>
    public JinaPassageSearchOptions<string> ToOptions(int top, JinaReranker? reranker = null) => new()
    {
        Top = top,
        Mode = Mode,
        NeighborChunks = Neighbors,
        Reranker = Rerank ? reranker ?? throw new InvalidOperationException("Reranking needs Jina's reranker, which needs JINA_API_KEY.") : null,
    };

    /// <summary>Gets a short description, such as "hybrid + rerank + 1 neighbour".</summary>
    public override string ToString() =>
        (Mode == JinaSearchMode.Vector ? "vector" : "hybrid") + (Rerank ? " + rerank" : string.Empty) + Neighbors switch
        {
            0 => string.Empty,
            1 => " + 1 neighbour",
            _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $" + {Neighbors} neighbours"),
        };
}
