namespace Jina.Extensions.AI;

/// <summary>Represents the settings of a <see cref="JinaEmbeddingGenerator"/>.</summary>
/// <remarks>The generator copies these settings when it is constructed; later changes do not affect it.</remarks>
public sealed class JinaEmbeddingGeneratorOptions : IJinaConnectionOptions
{
    /// <summary>The name of the environment variable the API key is read from when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "JINA_API_KEY";

    /// <summary>The name of the environment variable the base address is read from when <see cref="Endpoint"/> is not set.</summary>
    public const string EndpointEnvironmentVariable = "JINA_ENDPOINT";

    /// <summary>Gets the Jina API's default base address.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.jina.ai/v1/");

    /// <summary>Gets or sets the API key; when <see langword="null"/>, the <c>JINA_API_KEY</c> environment variable is used.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API base address; when <see langword="null"/>, the <c>JINA_ENDPOINT</c> environment variable, else <see cref="DefaultEndpoint"/>.</summary>
    /// <remarks>Requests go to <c>{Endpoint}embeddings</c>. Plain http is accepted only for loopback addresses, such as a local emulator.</remarks>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the default model, <c>jina-embeddings-v3</c> unless set.</summary>
    public string ModelId { get; set; } = JinaModels.DefaultModelId;

    /// <summary>Gets or sets the default task, or <see langword="null"/> to send none (the model's own default applies).</summary>
    public JinaTask? Task { get; set; }

    /// <summary>Gets or sets the default number of dimensions (Matryoshka truncation, 1 to the model's size), or <see langword="null"/> for the model's size.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets a value indicating whether the inputs of each call are chunks of one document to embed with late chunking.</summary>
    public bool LateChunking { get; set; }

    /// <summary>Gets or sets a value indicating whether vectors are L2-normalised, or <see langword="null"/> (the default) to send nothing and get the model's default (normalised).</summary>
    /// <remarks>Only models whose schema has the field take it (v2, v3, v5, clip-v2); setting it for v4 or a code model fails before any request.</remarks>
    public bool? Normalized { get; set; }

    /// <summary>Gets or sets a value indicating whether over-long inputs are cut to the model's limit instead of failing, or <see langword="null"/> to send nothing.</summary>
    public bool? Truncate { get; set; }

    /// <summary>Gets or sets the most inputs sent in one request, or <see langword="null"/> for the model's limit (2048 for v3, 512 for v4); a smaller limit the service states is learned.</summary>
    public int? MaxInputsPerRequest { get; set; }

    /// <summary>Gets or sets the most requests of this key in flight at once, across every generator of the process; <see langword="null"/> starts at 2 (what free keys allow) and learns.</summary>
    /// <remarks>State your tier's figure (tier 1: 50, tier 2: 500) to use it from the start; a lower figure the service states in a 429 still wins.</remarks>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Gets or sets the requests this key may send per <see cref="RateLimitWindow"/>, or <see langword="null"/> to learn it from the service (free and tier 1: 500, tier 2: 5,000).</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the tokens this key may send per <see cref="RateLimitWindow"/>, or <see langword="null"/> to learn it from the service (free: 1,000,000, tier 1: 10,000,000, tier 2: 100,000,000).</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets the window the service counts requests and tokens over; one minute, as the Jina API does, unless set.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a request the service refused with 429 may wait for the key's window to take it; two minutes (two windows) unless set.</summary>
    /// <remarks>Waits before a request is first sent (pacing) are not counted: a large ingestion queues for as long as it needs.</remarks>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how many times a server error (500, 502, 503, 504), a timeout or a dropped connection is retried; 5 unless set.</summary>
    /// <remarks>429s are not counted here: they wait for the key's window, up to <see cref="MaxRateLimitWait"/>.</remarks>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Gets or sets the base of the exponential backoff between retries (doubled per attempt, with jitter); one second unless set.</summary>
    /// <remarks>A <c>Retry-After</c> header takes precedence over the computed delay.</remarks>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long one attempt may take before it counts as timed out and is retried; 100 seconds unless set.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets a value indicating whether a model this library does not know is looked up once per endpoint in <c>GET /v1/models</c> for its context and size.</summary>
    public bool DiscoverModels { get; set; }

    /// <summary>Gets or sets the clock of retries, timeouts and rate-limit windows, or <see langword="null"/> for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Returns a copy of these settings.</summary>
    internal JinaEmbeddingGeneratorOptions Clone() => (JinaEmbeddingGeneratorOptions)MemberwiseClone();

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(JinaEmbeddingGeneratorOptions)} {{ Endpoint = {Endpoint?.ToString() ?? EndpointEnvironmentVariable + " or " + DefaultEndpoint}, ModelId = {ModelId} }}";
}
