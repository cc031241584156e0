namespace Jina.SemanticKernel;

/// <summary>Represents one passage found by the search plugin: its text, where it came from and how well it matched.</summary>
/// <param name="Text">The text of the passage: the chunk found, with its neighbours when the plugin brings them.</param>
/// <param name="Source">Where the document came from, or its id when no source was given.</param>
/// <param name="Score">The score of the chunk found: the reranker's relevance score when the plugin reranks, else the vector store's (higher is better for cosine similarity and hybrid search).</param>
/// <param name="DocumentId">The id of the document the passage belongs to.</param>
/// <param name="ChunkIndex">The position in its document of the chunk the search found.</param>
public sealed record JinaSearchResult(string Text, string Source, double? Score, string DocumentId, int ChunkIndex)
{
    /// <summary>Gets the offset of the passage's first character in its document.</summary>
    public int Start { get; init; }

    /// <summary>Gets the passage's length in characters.</summary>
    public int Length { get; init; }
}
