using System.Globalization;
using Jina.SemanticKernel;

namespace RagChat;

/// <summary>How RagChat searches: the retrieval mode, and the chunks around each hit that join it.</summary>
/// <param name="Mode">Hybrid (keyword and vector) or vector search.</param>
/// <param name="Neighbors">The most chunks before and after each hit, from the same document, that join it in its passage.</param>
/// <param name="NeighborTokens">The most tokens the neighbours of one hit hold together, or null for no limit but <paramref name="Neighbors"/>.</param>
internal sealed record SearchSettings(
    JinaSearchMode Mode = JinaSearchMode.Hybrid,
    int Neighbors = JinaPassageSearchOptions<string>.MaxNeighborChunks,
    int? NeighborTokens = SearchSettings.DefaultNeighborTokens)
{
    /// <summary>The default token budget of a hit's neighbours: LlamaIndex's smallest hierarchical chunk, and where recall@3 on the design question set stopped rising.</summary>
    public const int DefaultNeighborTokens = 128;

    /// <summary>The default: hybrid search, and around each hit the chunks that fit 128 tokens (a chat message with the turns around it).</summary>
    public static SearchSettings Default { get; } = new();

    /// <summary>Returns the passage search options of these settings for <paramref name="top"/> passages.</summary>
    public JinaPassageSearchOptions<string> ToOptions(int top) => new() { Top = top, Mode = Mode, NeighborChunks = Neighbors, NeighborTokens = NeighborTokens };

    /// <summary>Gets a short description, such as "hybrid + 1 neighbour" or "hybrid + neighbours ≤ 128 tokens".</summary>
    public override string ToString() => Describe(Mode, Neighbors, NeighborTokens);

    /// <summary>Describes a mode and the neighbourhood of a hit.</summary>
    public static string Describe(JinaSearchMode mode, int neighbors, int? neighborTokens = null) =>
        (mode == JinaSearchMode.Vector ? "vector" : "hybrid") + (neighbors, neighborTokens) switch
        {
            (0, _) => string.Empty,
            (JinaPassageSearchOptions<string>.MaxNeighborChunks, int tokens) => string.Create(CultureInfo.InvariantCulture, $" + neighbours ≤ {tokens} tokens"),
            (1, null) => " + 1 neighbour",
            (_, null) => string.Create(CultureInfo.InvariantCulture, $" + {neighbors} neighbours"),
            (1, int tokens) => string.Create(CultureInfo.InvariantCulture, $" + 1 neighbour ≤ {tokens} tokens"),
            (_, int tokens) => string.Create(CultureInfo.InvariantCulture, $" + {neighbors} neighbours ≤ {tokens} tokens"),
        };
}
