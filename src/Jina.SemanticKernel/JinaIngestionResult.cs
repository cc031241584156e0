namespace Jina.SemanticKernel;

/// <summary>Summarises a finished ingestion or re-index.</summary>
/// <param name="Documents">The documents processed, skipped ones included.</param>
/// <param name="DocumentsSkipped">The documents left as they were because their stored chunks were already up to date.</param>
/// <param name="ChunksWritten">The chunk records upserted.</param>
/// <param name="ChunksDeleted">The stale chunk records removed.</param>
/// <param name="Tokens">The tokens embedded.</param>
/// <param name="ChunksVerified">The chunk records read back from the collection after writing (a re-index verifies every document).</param>
public sealed record JinaIngestionResult(
    int Documents,
    int DocumentsSkipped,
    long ChunksWritten,
    long ChunksDeleted,
    long Tokens,
    long ChunksVerified);
