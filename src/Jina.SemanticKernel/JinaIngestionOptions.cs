using Jina.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Jina.SemanticKernel;

/// <summary>Represents the options of a <see cref="JinaVectorStoreIngestor{TKey}"/>.</summary>
public sealed class JinaIngestionOptions
{
    /// <summary>Gets or sets how documents are split and windowed; <see langword="null"/> takes the late chunker's defaults.</summary>
    public LateChunkerOptions? Chunker { get; set; }

    /// <summary>Gets or sets the vector length the generator is configured for, when neither its metadata nor its capabilities say.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets how many documents are chunked and embedded at the same time. The default is 4.</summary>
    /// <remarks>
    /// Each document is one late-chunked request (or a few windows), so against the API this overlaps the round trips.
    /// Documents are still written and reported in input order, one at a time.
    /// </remarks>
    public int MaxConcurrentDocuments { get; set; } = 4;

    /// <summary>Gets or sets how many records go into one upsert call. The default is 256.</summary>
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Gets or sets a value indicating whether documents whose stored chunks are complete and up to date are skipped. The default is <see langword="true"/>.</summary>
    /// <remarks>This is what makes a run resumable: after a cancel or a failure, running it again embeds only what is missing.</remarks>
    public bool SkipUnchangedDocuments { get; set; } = true;

    /// <summary>Gets or sets the logger factory; <see langword="null"/> logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
