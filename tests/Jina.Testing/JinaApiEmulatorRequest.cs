namespace Jina.Testing;

/// <summary>One request the <see cref="JinaApiEmulator"/> received, with what it answered.</summary>
public sealed class JinaApiEmulatorRequest
{
    /// <summary>Gets the path asked for: <c>/v1/embeddings</c> or <c>/v1/rerank</c>.</summary>
    public string Path { get; init; } = "/v1/embeddings";

    /// <summary>Gets the raw JSON body as sent.</summary>
    public required string Body { get; init; }

    /// <summary>Gets the <c>model</c> field, when the body had one.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the inputs (<c>input</c> as a list; a single string becomes one item), or a rerank request's documents (an image as its URL or data).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Gets the kind of each input: <c>text</c>, <c>image</c> or <c>pdf</c>; an image's or PDF's entry in <see cref="Inputs"/> is its URL or its base64 as sent.</summary>
    public IReadOnlyList<string> InputKinds { get; init; } = [];

    /// <summary>Gets the <c>task</c> field.</summary>
    public string? Task { get; init; }

    /// <summary>Gets the <c>dimensions</c> field.</summary>
    public int? Dimensions { get; init; }

    /// <summary>Gets a value indicating whether <c>late_chunking</c> was true.</summary>
    public bool LateChunking { get; init; }

    /// <summary>Gets the <c>embedding_type</c> field (several types are joined with a comma), or <see langword="null"/> when absent.</summary>
    public string? EmbeddingType { get; init; }

    /// <summary>Gets the <c>normalized</c> field.</summary>
    public bool? Normalized { get; init; }

    /// <summary>Gets the <c>truncate</c> field.</summary>
    public bool? Truncate { get; init; }

    /// <summary>Gets the tokens the emulator counted for the request (0 when it was rejected before counting).</summary>
    public int TokenCount { get; init; }

    /// <summary>Gets the HTTP status code answered, or 0 when the connection was aborted on purpose.</summary>
    public int StatusCode { get; init; }

    /// <summary>Gets the error code answered when the status was an error, or for bodies without a code the emulator's name for the error (<c>INPUT_TOKEN_LIMIT_EXCEEDED</c>, <c>INPUT_LIMIT_EXCEEDED</c>, <c>VALIDATION_ERROR</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets when the request arrived, by the emulator's clock.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets the number of the rate-limit window the request arrived in (0 for the first, and always 0 without rate limits).</summary>
    public long Window { get; init; }

    /// <summary>Gets a rerank request's <c>query</c>.</summary>
    public string? Query { get; init; }

    /// <summary>Gets a rerank request's <c>top_n</c>.</summary>
    public int? TopN { get; init; }

    /// <summary>Gets a rerank request's <c>return_documents</c> as sent (the service's default is true).</summary>
    public bool? ReturnDocuments { get; init; }

    /// <summary>Gets a rerank request's <c>truncation</c>.</summary>
    public bool? Truncation { get; init; }

    /// <summary>Gets a rerank request's <c>max_doc_length</c>.</summary>
    public int? MaxDocLength { get; init; }

    /// <summary>Gets a rerank request's <c>return_embeddings</c>.</summary>
    public bool? ReturnEmbeddings { get; init; }
}
