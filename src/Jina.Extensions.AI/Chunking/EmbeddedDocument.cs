namespace Jina.Extensions.AI;

/// <summary>Represents one document of a stream and its embedded chunks.</summary>
public sealed class EmbeddedDocument
{
    /// <summary>Gets the document's position in the stream, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the document's text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the document's chunks in document order; empty for an empty or whitespace-only document.</summary>
    public required IReadOnlyList<EmbeddedChunk> Chunks { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"Document {Index}: {Chunks.Count} chunks, {Text.Length} characters";
}
