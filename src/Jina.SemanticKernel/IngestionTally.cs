namespace Jina.SemanticKernel;

/// <summary>Counts what an ingestion has done so far, for its progress reports and its result.</summary>
internal sealed class IngestionTally
{
    public int Documents { get; set; }

    public int Skipped { get; set; }

    public long ChunksWritten { get; set; }

    public long ChunksDeleted { get; set; }

    public long Tokens { get; set; }

    public JinaIngestionProgress ToProgress(string documentId) =>
        new(Documents, Skipped, ChunksWritten, ChunksDeleted, Tokens, documentId);

    public JinaIngestionResult ToResult(long chunksVerified) =>
        new(Documents, Skipped, ChunksWritten, ChunksDeleted, Tokens, chunksVerified);
}
