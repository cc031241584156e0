namespace Jina.SemanticKernel;

/// <summary>Represents a document to ingest: its id, its text and where it came from.</summary>
/// <param name="Id">The document id, unique in the collection; its chunks' keys derive from it (see <see cref="JinaChunkKeys"/>).</param>
/// <param name="Text">The full text of the document.</param>
/// <param name="Source">Where the document came from (a path, a URL, a title), or <see langword="null"/>.</param>
public sealed record JinaDocument(string Id, string Text, string? Source = null);
