using System.Linq.Expressions;

namespace Jina.SemanticKernel;

/// <summary>Represents the options of a passage search over a Jina chunk collection.</summary>
public sealed class JinaPassageSearchOptions
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

    /// <summary>Gets or sets a filter on the chunks the search may find, or <see langword="null"/> for all.</summary>
    /// <remarks>It applies to the hits; their neighbours are taken from the same documents as they are.</remarks>
    public Expression<Func<JinaDocumentChunk, bool>>? Filter { get; set; }
}
