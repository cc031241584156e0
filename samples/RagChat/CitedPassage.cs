namespace RagChat;

/// <summary>A passage an answer rests on: its text, where it came from, its score and its span in the document.</summary>
/// <param name="Text">The passage text: the chunk found, with its neighbours when the search brings them.</param>
/// <param name="Source">Where the document came from.</param>
/// <param name="Score">The score the search gave the chunk found.</param>
/// <param name="DocumentId">The document's id.</param>
/// <param name="ChunkIndex">The position of the chunk the search found.</param>
/// <param name="Start">The offset of the passage in its document.</param>
/// <param name="Length">The passage's length in characters.</param>
internal sealed record CitedPassage(string Text, string Source, double Score, string DocumentId, int ChunkIndex, int Start, int Length)
{
    /// <summary>Gets the first chunk of the passage.</summary>
    public int FirstChunkIndex { get; init; } = ChunkIndex;

    /// <summary>Gets the last chunk of the passage.</summary>
    public int LastChunkIndex { get; init; } = ChunkIndex;

    /// <summary>Gets which search stage found the passage, such as "hybrid #1 + 2 neighbours".</summary>
    public string FoundBy { get; init; } = string.Empty;
}
