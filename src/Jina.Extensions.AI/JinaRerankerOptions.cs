using System.Diagnostics.CodeAnalysis;

namespace Jina.Extensions.AI;

/// <summary>Represents the settings of a <see cref="JinaReranker"/>.</summary>
/// <remarks>
/// The reranker copies these settings when it is constructed. The key, endpoint, rate-limit and retry settings mean what they
/// mean for <see cref="JinaEmbeddingGeneratorOptions"/>: a reranker and a generator with the same key and endpoint share one
/// rate limiter, so reranking a query and embedding it queue in one line.
/// </remarks>
[Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
public sealed class JinaRerankerOptions : IJinaConnectionOptions
{
    /// <summary>The default model, <c>jina-reranker-v3</c>.</summary>
    public const string DefaultModelId = JinaRerankerModels.DefaultModelId;

    /// <summary>Gets or sets the API key; when <see langword="null"/>, the <c>JINA_API_KEY</c> environment variable is used.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API base address; when <see langword="null"/>, the <c>JINA_ENDPOINT</c> environment variable, else <see cref="JinaEmbeddingGeneratorOptions.DefaultEndpoint"/>.</summary>
    /// <remarks>Requests go to <c>{Endpoint}rerank</c>. Plain http is accepted only for loopback addresses, such as a local emulator.</remarks>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the default model: <c>jina-reranker-v3</c> unless set; also <c>jina-reranker-m0</c> (text and images), <c>jina-reranker-v2-base-multilingual</c> and <c>jina-colbert-v2</c>.</summary>
    public string ModelId { get; set; } = DefaultModelId;

    /// <summary>Gets or sets how many of the best documents a call returns by default, or <see langword="null"/> for all of them.</summary>
    public int? TopN { get; set; }

    /// <summary>Gets or sets a value indicating whether the service cuts a query or document past the model's context instead of failing, or <see langword="null"/> to send nothing.</summary>
    public bool? Truncation { get; set; }

    /// <summary>Gets or sets the tokens kept of each document (<c>max_doc_length</c>, 1 to 8192; the service's default is 2048), or <see langword="null"/> to send nothing; jina-reranker-v3 only.</summary>
    public int? MaxDocumentLength { get; set; }

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.MaxConcurrentRequests"/>
    public int? MaxConcurrentRequests { get; set; }

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.RequestsPerMinute"/>
    public int? RequestsPerMinute { get; set; }

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.TokensPerMinute"/>
    public int? TokensPerMinute { get; set; }

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.RateLimitWindow"/>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.MaxRateLimitWait"/>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.MaxRetries"/>
    public int MaxRetries { get; set; } = 5;

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.RetryBaseDelay"/>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.RequestTimeout"/>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <inheritdoc cref="JinaEmbeddingGeneratorOptions.TimeProvider"/>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Returns a copy of these settings.</summary>
    internal JinaRerankerOptions Clone() => (JinaRerankerOptions)MemberwiseClone();

    /// <inheritdoc/>
    public override string ToString() =>
        $"{nameof(JinaRerankerOptions)} {{ Endpoint = {Endpoint?.ToString() ?? JinaEmbeddingGeneratorOptions.EndpointEnvironmentVariable + " or " + JinaEmbeddingGeneratorOptions.DefaultEndpoint}, ModelId = {ModelId} }}";
}
