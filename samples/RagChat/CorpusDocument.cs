namespace RagChat;

/// <summary>A document to ingest: a stable id, its text, and where it came from.</summary>
internal sealed record CorpusDocument(string Id, string Text, string Source);
