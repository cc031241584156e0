namespace Jina.Extensions.AI;

/// <summary>The connection settings every component that calls the Jina API has: the key, the endpoint, the key's limits and the retry policy.</summary>
/// <remarks>
/// The public options of every component that calls the API (<see cref="JinaEmbeddingGeneratorOptions"/> and the reranker's) carry these
/// settings under the same names, so that <see cref="JinaConnection.CreateSettings"/> checks them once, with the same messages,
/// and components of one key share one rate limiter.
/// </remarks>
internal interface IJinaConnectionOptions
{
    string? ApiKey { get; set; }

    Uri? Endpoint { get; set; }

    int? MaxConcurrentRequests { get; set; }

    int? RequestsPerMinute { get; set; }

    int? TokensPerMinute { get; set; }

    TimeSpan RateLimitWindow { get; set; }

    TimeSpan MaxRateLimitWait { get; set; }

    int MaxRetries { get; set; }

    TimeSpan RetryBaseDelay { get; set; }

    TimeSpan RequestTimeout { get; set; }

    TimeProvider? TimeProvider { get; set; }
}
