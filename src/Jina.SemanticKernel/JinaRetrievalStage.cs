namespace Jina.SemanticKernel;

/// <summary>Specifies the stage of a passage search that brought a chunk into the results.</summary>
public enum JinaRetrievalStage
{
    /// <summary>Found by vector search.</summary>
    Vector,

    /// <summary>Found by hybrid (keyword and vector) search.</summary>
    Hybrid,

    /// <summary>Found among the vector or hybrid candidates and ranked by Jina's reranker (<see cref="JinaPassageSearchOptions{TKey}.Reranker"/>).</summary>
    Reranked,

    /// <summary>Added as a neighbour of a chunk that was found: a chunk before or after it in the same document.</summary>
    Neighbor,
}
