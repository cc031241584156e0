using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents one chunk of a document and the embedding it got with the whole document as its context.</summary>
public sealed class EmbeddedChunk
{
    /// <summary>Gets the chunk's position among the document's chunks, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the chunk's text: exactly the document's characters from <see cref="Start"/> for <see cref="Length"/>.</summary>
    /// <remarks>
    /// For <see cref="LateChunker.EmbedDocumentAsync"/> the chunks tile the document, so joining every chunk's text in order
    /// gives the document back; the whitespace after a chunk is part of it, and the model is sent the text trimmed.
    /// </remarks>
    public required string Text { get; init; }

    /// <summary>Gets the offset of the chunk's first character in the document.</summary>
    public required int Start { get; init; }

    /// <summary>Gets the number of characters in the chunk.</summary>
    public required int Length { get; init; }

    /// <summary>Gets the chunk's embedding.</summary>
    public required Embedding<float> Embedding { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"#{Index} [{Start}..{Start + Length}) {Text.Trim()}";
}
