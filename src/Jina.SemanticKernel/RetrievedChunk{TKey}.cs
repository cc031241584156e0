namespace Jina.SemanticKernel;

/// <summary>A chunk a retrieval stage found, with its score and the stage.</summary>
internal sealed record RetrievedChunk<TKey>(JinaDocumentChunk<TKey> Chunk, double? Score, JinaRetrievalStage Stage)
    where TKey : notnull;
