namespace Jina.SemanticKernel;

/// <summary>Specifies how a passage search ranks the chunks of a collection.</summary>
public enum JinaSearchMode
{
    /// <summary>Hybrid when the collection supports it (<c>IKeywordHybridSearchable</c>), vector search otherwise.</summary>
    Auto,

    /// <summary>Vector similarity of the query's <c>retrieval.query</c> embedding to the passages' embeddings only.</summary>
    Vector,

    /// <summary>Vector similarity fused with a keyword ranking of the chunk texts; fails where the collection cannot do it.</summary>
    Hybrid,
}
