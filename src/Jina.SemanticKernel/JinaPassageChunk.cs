namespace Jina.SemanticKernel;

/// <summary>Represents one chunk of a <see cref="JinaPassage"/>: its text and span, and how the search came to include it.</summary>
public sealed class JinaPassageChunk
{
    /// <summary>Gets the chunk's position in its document.</summary>
    public required int ChunkIndex { get; init; }

    /// <summary>Gets the chunk's text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the offset of the chunk's first character in its document.</summary>
    public required int Start { get; init; }

    /// <summary>Gets the chunk's length in characters.</summary>
    public required int Length { get; init; }

    /// <summary>Gets the stage that brought the chunk in: found itself, or a neighbour of the hit that <see cref="Rank"/> names.</summary>
    public required JinaRetrievalStage Stage { get; init; }

    /// <summary>Gets the rank (1 = best) of the best hit that brought the chunk in: its own when <see cref="Stage"/> is a search stage, else that of the hit it neighbours.</summary>
    public required int Rank { get; init; }

    /// <summary>Gets the score the search gave this chunk, or <see langword="null"/> when the search did not find the chunk itself.</summary>
    public double? Score { get; init; }
}
