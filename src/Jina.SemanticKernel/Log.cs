using Microsoft.Extensions.Logging;

namespace Jina.SemanticKernel;

/// <summary>The ingestor's log messages, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Document '{DocumentId}' is up to date in '{Collection}'; skipped.")]
    public static partial void DocumentSkipped(ILogger logger, string documentId, string collection);

    [LoggerMessage(2, LogLevel.Debug, "Document '{DocumentId}' written to '{Collection}': {Chunks} chunks, {Deleted} stale chunks removed.")]
    public static partial void DocumentWritten(ILogger logger, string documentId, string collection, int chunks, long deleted);

    [LoggerMessage(3, LogLevel.Information, "Ingestion into '{Collection}' finished: {Documents} documents ({Skipped} unchanged), {Chunks} chunks written, {Deleted} removed, {Tokens} tokens.")]
    public static partial void IngestionFinished(ILogger logger, string collection, int documents, int skipped, long chunks, long deleted, long tokens);

    [LoggerMessage(4, LogLevel.Information, "Re-indexing {Documents} documents from '{Source}' into '{Target}' with {Stamp}.")]
    public static partial void ReindexStarted(ILogger logger, int documents, string source, string target, JinaEmbeddingStamp stamp);

    [LoggerMessage(5, LogLevel.Information, "Re-index from '{Source}' into '{Target}' finished: {Documents} documents ({Skipped} already done), {Chunks} chunks verified.")]
    public static partial void ReindexFinished(ILogger logger, string source, string target, int documents, int skipped, long chunks);
}
