namespace Jina.SemanticKernel;

/// <summary>Reports how far an ingestion or a re-index has come, after each document.</summary>
/// <param name="DocumentsProcessed">The documents finished so far, skipped ones included.</param>
/// <param name="DocumentsSkipped">The documents left as they were because their stored chunks were already up to date.</param>
/// <param name="ChunksWritten">The chunk records upserted so far.</param>
/// <param name="ChunksDeleted">The stale chunk records removed so far.</param>
/// <param name="Tokens">The tokens embedded so far, as the generator reported them (or counted with the model's tokenizer).</param>
/// <param name="DocumentId">The id of the document just finished.</param>
public readonly record struct JinaIngestionProgress(
    int DocumentsProcessed,
    int DocumentsSkipped,
    long ChunksWritten,
    long ChunksDeleted,
    long Tokens,
    string DocumentId);
