namespace Jina.SemanticKernel;

/// <summary>Represents a passage a search found: one or more consecutive chunks of a document, with the span they cover.</summary>
/// <remarks>Chunks tile their document, so <see cref="Text"/> is the document's text from <see cref="Start"/> for <see cref="Length"/> characters.</remarks>
public sealed class JinaPassage
{
    /// <summary>Gets the id of the document the passage comes from.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets where the document came from, or <see langword="null"/>.</summary>
    public string? Source { get; init; }

    /// <summary>Gets the text of the passage: its chunks' texts in document order.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the offset of the passage's first character in its document.</summary>
    public required int Start { get; init; }

    /// <summary>Gets the passage's length in characters.</summary>
    public required int Length { get; init; }

    /// <summary>Gets the rank (1 = best) of the best hit in the passage; passages come in this order.</summary>
    public required int Rank { get; init; }

    /// <summary>Gets the score of the best hit in the passage.</summary>
    public double? Score { get; init; }

    /// <summary>Gets the stage that found the passage's best hit.</summary>
    public required JinaRetrievalStage Stage { get; init; }

    /// <summary>Gets the passage's chunks in document order, each with the stage that brought it in.</summary>
    public required IReadOnlyList<JinaPassageChunk> Chunks { get; init; }

    /// <summary>Gets the chunk the passage's best hit is.</summary>
    public JinaPassageChunk Hit => Chunks.First(c => c.Rank == Rank && c.Stage != JinaRetrievalStage.Neighbor);

    /// <summary>Returns whether the passage holds a chunk of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="chunkIndex">The chunk's position in the document.</param>
    /// <returns><see langword="true"/> when the chunk is part of the passage.</returns>
    public bool Contains(string documentId, int chunkIndex)
        => string.Equals(DocumentId, documentId, StringComparison.Ordinal) && Chunks.Any(c => c.ChunkIndex == chunkIndex);

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{Rank} {Source ?? DocumentId} chunks {Chunks[0].ChunkIndex}..{Chunks[^1].ChunkIndex} ({Stage})");
}
