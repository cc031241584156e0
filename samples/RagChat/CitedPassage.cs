namespace RagChat;

/// <summary>A passage an answer rests on: its text, where it came from, its score and its span in the document.</summary>
internal sealed record CitedPassage(string Text, string Source, double Score, string DocumentId, int ChunkIndex, int Start, int Length);
