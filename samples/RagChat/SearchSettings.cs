using Jina.SemanticKernel;

namespace RagChat;

/// <summary>How RagChat searches: the retrieval mode and how many chunks around each hit join it.</summary>
/// <param name="Mode">Hybrid (keyword and vector) or vector search.</param>
/// <param name="Neighbors">Chunks before and after each hit, from the same document, that join it in its passage.</param>
internal sealed record SearchSettings(JinaSearchMode Mode = JinaSearchMode.Hybrid, int Neighbors = 1)
{
    /// <summary>The default: hybrid search, and one chunk either side of each hit (a chat message with the turns around it).</summary>
    public static SearchSettings Default { get; } = new();

    /// <summary>Returns the passage search options of these settings for <paramref name="top"/> hits.</summary>
    public JinaPassageSearchOptions<string> ToOptions(int top) => new() { Top = top, Mode = Mode, NeighborChunks = Neighbors };

    /// <summary>Gets a short description, such as "hybrid + 1 neighbour".</summary>
    public override string ToString() => Describe(Mode, Neighbors);

    /// <summary>Describes a mode and a neighbour count.</summary>
    public static string Describe(JinaSearchMode mode, int neighbors) =>
        (mode == JinaSearchMode.Vector ? "vector" : "hybrid") + neighbors switch
        {
            0 => string.Empty,
            1 => " + 1 neighbour",
            _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $" + {neighbors} neighbours"),
        };
}
