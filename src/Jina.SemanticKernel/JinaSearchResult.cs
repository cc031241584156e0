namespace Jina.SemanticKernel;

/// <summary>Represents one passage found by the search plugin: its text, where it came from and how well it matched.</summary>
/// <param name="Text">The text of the chunk.</param>
/// <param name="Source">Where the document came from, or its id when no source was given.</param>
/// <param name="Score">The similarity score the vector store reported (higher is closer for cosine similarity).</param>
/// <param name="DocumentId">The id of the document the chunk belongs to.</param>
/// <param name="ChunkIndex">The chunk's position in its document.</param>
public sealed record JinaSearchResult(string Text, string Source, double? Score, string DocumentId, int ChunkIndex);
