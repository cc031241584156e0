namespace Jina.Extensions.AI;

/// <summary>Represents the settings of a <see cref="JinaEmbeddingGenerator"/>.</summary>
/// <remarks>The generator copies these settings when it is constructed; later changes do not affect it.</remarks>
public sealed class JinaEmbeddingGeneratorOptions
{
    /// <summary>The name of the environment variable the API key is read from when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "JINA_API_KEY";

    /// <summary>Gets the Jina API's default base address.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.jina.ai/v1/");

    /// <summary>Gets or sets the API key; when <see langword="null"/>, the <c>JINA_API_KEY</c> environment variable is used.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API base address; requests go to <c>{Endpoint}embeddings</c>. Plain http is accepted only for loopback addresses.</summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Gets or sets the default model, <c>jina-embeddings-v3</c> unless set.</summary>
    public string ModelId { get; set; } = JinaModels.DefaultModelId;

    /// <summary>Gets or sets the default task, or <see langword="null"/> to send none.</summary>
    public JinaTask? Task { get; set; }

    /// <summary>Gets or sets the default number of dimensions (Matryoshka truncation), or <see langword="null"/> for the model's default.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets a value indicating whether the inputs of each call are chunks of one document to embed with late chunking.</summary>
    public bool LateChunking { get; set; }

    /// <summary>Gets or sets a value indicating whether vectors are L2-normalised; sent explicitly on every request, <see langword="true"/> unless set.</summary>
    public bool Normalized { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether over-long inputs are cut to the model's limit instead of failing, or <see langword="null"/> to send nothing.</summary>
    public bool? Truncate { get; set; }

    /// <summary>Gets or sets the most inputs sent in one request, or <see langword="null"/> for the model's limit (2048 for v3, 512 for v4).</summary>
    public int? MaxInputsPerRequest { get; set; }

    /// <summary>Gets or sets how many requests of one call may be in flight at once; 4 unless set.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Gets or sets how many times a transient failure (429, 500, 502, 503, 504, a timeout, a dropped connection) is retried; 5 unless set.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Gets or sets the base of the exponential backoff between retries (doubled per attempt, with jitter); one second unless set.</summary>
    /// <remarks>A <c>Retry-After</c> header from the API takes precedence over the computed delay.</remarks>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long one attempt may take before it counts as timed out and is retried; 100 seconds unless set.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Returns a copy of these settings.</summary>
    internal JinaEmbeddingGeneratorOptions Clone() => (JinaEmbeddingGeneratorOptions)MemberwiseClone();

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(JinaEmbeddingGeneratorOptions)} {{ Endpoint = {Endpoint}, ModelId = {ModelId} }}";
}
