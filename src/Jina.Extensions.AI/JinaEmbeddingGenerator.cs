using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents an embedding generator backed by the Jina API.</summary>
/// <remarks>
/// Per call it honours <see cref="EmbeddingGenerationOptions.ModelId"/>, <see cref="EmbeddingGenerationOptions.Dimensions"/> and
/// the <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> named in <see cref="JinaPropertyNames"/>; otherwise the
/// constructor's <see cref="JinaEmbeddingGeneratorOptions"/> apply. Vectors travel as base64 and are decoded straight into float buffers.
/// </remarks>
public sealed partial class JinaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");

    private readonly JinaEmbeddingGeneratorOptions _options;
    private readonly HttpClient _httpClient;
    private readonly bool _disposeHttpClient;
    private readonly Uri _embeddingsUri;
    private readonly string _apiKey;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly EmbeddingModelCapabilities _capabilities;

    /// <summary>Initializes a new instance of the <see cref="JinaEmbeddingGenerator"/> class for an API key and a model.</summary>
    /// <param name="apiKey">The Jina API key.</param>
    /// <param name="modelId">The model, <c>jina-embeddings-v3</c> unless given.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="modelId"/> is null, empty or whitespace.</exception>
    public JinaEmbeddingGenerator(string apiKey, string modelId = JinaModels.DefaultModelId)
        : this(CreateOptions(apiKey, modelId))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaEmbeddingGenerator"/> class with settings and an optional <see cref="HttpClient"/>.</summary>
    /// <param name="options">The settings; they are copied.</param>
    /// <param name="httpClient">The client to send requests with (not disposed by the generator), or <see langword="null"/> to create one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The settings are invalid: no API key, a plain-http endpoint that is not loopback, or values out of range.</exception>
    public JinaEmbeddingGenerator(JinaEmbeddingGeneratorOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();

        string? apiKey = string.IsNullOrWhiteSpace(_options.ApiKey)
            ? Environment.GetEnvironmentVariable(JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable)
            : _options.ApiKey;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException(
                $"No Jina API key: set {nameof(JinaEmbeddingGeneratorOptions)}.{nameof(JinaEmbeddingGeneratorOptions.ApiKey)} or the " +
                $"{JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable} environment variable (get a key at https://jina.ai/embeddings).",
                nameof(options));
        }

        _apiKey = apiKey.Trim();
        int badCharacter = _apiKey.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (badCharacter >= 0)
        {
            // Caught here because HttpClient would refuse the header on every attempt, which reads like a network failure after all retries.
            throw new ArgumentException(
                Invariant($"The Jina API key has a character an HTTP header cannot carry at position {badCharacter} (a space, a line break or a non-ASCII character, ") +
                $"often picked up when copying it); set {nameof(JinaEmbeddingGeneratorOptions)}.{nameof(JinaEmbeddingGeneratorOptions.ApiKey)} or " +
                $"{JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable} to the key exactly as https://jina.ai/embeddings shows it.",
                nameof(options));
        }

        _options.ApiKey = null; // the copy keeps no key: only _apiKey does, and it is never printed.

        Uri endpoint = _options.Endpoint ?? throw new ArgumentException($"{nameof(JinaEmbeddingGeneratorOptions.Endpoint)} must be set.", nameof(options));
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{nameof(JinaEmbeddingGeneratorOptions.Endpoint)} must be an absolute http(s) address such as {JinaEmbeddingGeneratorOptions.DefaultEndpoint}.", nameof(options));
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            throw new ArgumentException(
                $"The endpoint {endpoint.GetLeftPart(UriPartial.Authority)} uses plain http, so the API key would travel in clear text. " +
                "Use https (plain http is accepted only for loopback addresses such as a local emulator).",
                nameof(options));
        }

        if (string.IsNullOrWhiteSpace(_options.ModelId))
        {
            throw new ArgumentException($"{nameof(JinaEmbeddingGeneratorOptions.ModelId)} must be set, for example to {JinaModels.DefaultModelId}.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrentRequests, 1, $"{nameof(options)}.{nameof(JinaEmbeddingGeneratorOptions.MaxConcurrentRequests)}");
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries, $"{nameof(options)}.{nameof(JinaEmbeddingGeneratorOptions.MaxRetries)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RetryBaseDelay, TimeSpan.Zero, $"{nameof(options)}.{nameof(JinaEmbeddingGeneratorOptions.RetryBaseDelay)}");
        if (_options.RequestTimeout <= TimeSpan.Zero && _options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(JinaEmbeddingGeneratorOptions.RequestTimeout)}", "RequestTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        if (_options.MaxInputsPerRequest is { } maxInputs)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxInputs, 1, $"{nameof(options)}.{nameof(JinaEmbeddingGeneratorOptions.MaxInputsPerRequest)}");
        }

        // The defaults are checked now so that a misconfiguration surfaces at start-up rather than on the first call.
        ValidateModelOptions(_options.ModelId, DefaultTask, _options.Dimensions, _options.LateChunking, nameof(options));

        string baseAddress = endpoint.AbsoluteUri.EndsWith('/') ? endpoint.AbsoluteUri : endpoint.AbsoluteUri + "/";
        _embeddingsUri = new Uri(new Uri(baseAddress), "embeddings");

        if (httpClient is null)
        {
            // The generator's own RequestTimeout governs each attempt, so the client itself never times out.
            _httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
            _disposeHttpClient = true;
        }
        else
        {
            _httpClient = httpClient;
        }

        _capabilities = JinaModels.GetCapabilities(_options.ModelId, _options.MaxInputsPerRequest, _options.Dimensions);
        _metadata = new EmbeddingGeneratorMetadata("jina", endpoint, _options.ModelId, _capabilities.DefaultDimensions);
    }

    private string? DefaultTask => _options.Task?.Value is { Length: > 0 } task ? task : null;

    /// <summary>Gets or sets how the generator waits between retries; tests replace it to observe delays without sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> DelayAsync { get; set; } = static (delay, token) => Task.Delay(delay, token);

    /// <inheritdoc/>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);

        string[] inputs = [.. values];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"Input {i} is null; every input must be non-empty text.", nameof(values));
            }

            if (string.IsNullOrWhiteSpace(inputs[i]))
            {
                throw new ArgumentException($"Input {i} is empty or whitespace; remove it or give it text (the API cannot embed nothing).", nameof(values));
            }
        }

        CallSettings settings = ResolveSettings(options);
        if (inputs.Length == 0)
        {
            return [];
        }

        int perRequest = _options.MaxInputsPerRequest ?? JinaModels.Find(settings.ModelId)?.MaxInputsPerRequest ?? JinaModels.GenericMaxInputsPerRequest;
        if (settings.LateChunking && inputs.Length > perRequest)
        {
            throw new ArgumentException(
                $"A late-chunking call embeds its inputs as one document in one request, and {inputs.Length} inputs exceed the " +
                $"{perRequest} a request of {settings.ModelId} may carry. Split the document into windows with LateChunker, which keeps " +
                "each chunk's preceding context, or turn late chunking off.",
                nameof(values));
        }

        cancellationToken.ThrowIfCancellationRequested();

        if (inputs.Length <= perRequest)
        {
            BatchResult single = await SendBatchAsync(new ArraySegment<string>(inputs), inputs.Length, settings, cancellationToken).ConfigureAwait(false);
            return Assemble([single], inputs.Length);
        }

        int batchCount = (inputs.Length + perRequest - 1) / perRequest;
        var results = new BatchResult[batchCount];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, batchCount, parallel, async (b, token) =>
        {
            int start = b * perRequest;
            var segment = new ArraySegment<string>(inputs, start, Math.Min(perRequest, inputs.Length - start));
            results[b] = await SendBatchAsync(segment, inputs.Length, settings, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        return Assemble(results, inputs.Length);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        // The late chunker asks the pipeline's provider for itself with its own key, to send windows past a cache.
        if (serviceKey is not null)
        {
            return ReferenceEquals(serviceKey, LateChunker.ProviderServiceKey) && serviceType.IsInstanceOfType(this) ? this : null;
        }

        return
            serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata :
            serviceType == typeof(EmbeddingModelCapabilities) ? _capabilities :
            serviceType == typeof(HttpClient) ? _httpClient :
            serviceType.IsInstanceOfType(this) ? this :
            null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposeHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(JinaEmbeddingGenerator)} {{ Endpoint = {_metadata.ProviderUri}, ModelId = {_options.ModelId} }}";

    private static JinaEmbeddingGeneratorOptions CreateOptions(string apiKey, string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new JinaEmbeddingGeneratorOptions { ApiKey = apiKey, ModelId = modelId };
    }

    private static GeneratedEmbeddings<Embedding<float>> Assemble(BatchResult[] batches, int count)
    {
        var embeddings = new List<Embedding<float>>(count);
        long? total = null;
        long? prompt = null;
        bool usageMissing = false;
        foreach (BatchResult batch in batches)
        {
            embeddings.AddRange(batch.Embeddings);
            if (batch.Usage is null)
            {
                usageMissing = true;
            }
            else
            {
                total = (total ?? 0) + (batch.Usage.TotalTokens ?? batch.Usage.PromptTokens ?? 0);
                prompt = (prompt ?? 0) + (batch.Usage.PromptTokens ?? batch.Usage.TotalTokens ?? 0);
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(embeddings);
        if (!usageMissing && total is not null)
        {
            // Usage is reported only when every request reported it: a partial sum would understate the cost.
            result.Usage = new UsageDetails { InputTokenCount = prompt, TotalTokenCount = total };
        }

        return result;
    }

    private CallSettings ResolveSettings(EmbeddingGenerationOptions? options)
    {
        AdditionalPropertiesDictionary? properties = options?.AdditionalProperties;
        string modelId = options?.ModelId is { Length: > 0 } m ? m : _options.ModelId;
        int? dimensions = options?.Dimensions ?? _options.Dimensions;

        string? task = DefaultTask;
        if (properties is not null && properties.TryGetValue(JinaPropertyNames.Task, out object? taskValue))
        {
            task = taskValue?.ToString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        }

        bool lateChunking = ReadBool(properties, JinaPropertyNames.LateChunking) ?? _options.LateChunking;
        bool normalized = ReadBool(properties, JinaPropertyNames.Normalized) ?? _options.Normalized;
        bool? truncate = ReadBool(properties, JinaPropertyNames.Truncate) ?? _options.Truncate;

        string embeddingType = "base64";
        if (properties is not null && properties.TryGetValue(JinaPropertyNames.EmbeddingType, out object? typeValue) && typeValue?.ToString() is { Length: > 0 } type)
        {
            embeddingType = type.Trim().ToLowerInvariant() switch
            {
                "base64" => "base64",
                "float" => "float",
                _ => throw new ArgumentException(
                    $"{JinaPropertyNames.EmbeddingType} '{type}' cannot fill float vectors; use \"base64\" (the default) or \"float\".", nameof(options)),
            };
        }

        ValidateModelOptions(modelId, task, dimensions, lateChunking, nameof(options));
        if (task is not null && JinaModels.Find(modelId)?.KnownTasks?.FirstOrDefault(t => string.Equals(t, task, StringComparison.OrdinalIgnoreCase)) is { } canonical)
        {
            // JinaTask compares names ignoring case, but the API accepts only its own spelling.
            task = canonical;
        }

        return new CallSettings(modelId, task, dimensions, lateChunking, normalized, truncate, embeddingType);
    }

    private static bool? ReadBool(AdditionalPropertiesDictionary? properties, string key)
    {
        if (properties is null || !properties.TryGetValue(key, out object? value) || value is null)
        {
            return null;
        }

        return value switch
        {
            bool b => b,
            string s when bool.TryParse(s, out bool parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            _ => throw new ArgumentException($"AdditionalProperties[\"{key}\"] must be a bool (or \"true\"/\"false\"), not '{value}'.", "options"),
        };
    }

    private static void ValidateModelOptions(string modelId, string? task, int? dimensions, bool lateChunking, string paramName)
    {
        if (dimensions is { } d && d < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, d, "Dimensions must be positive.");
        }

        JinaModelInfo? model = JinaModels.Find(modelId);
        if (model is null)
        {
            return;
        }

        if (model.IsV2)
        {
            string? what = task is not null ? $"a task ('{task}')" : dimensions is not null ? $"dimensions ({dimensions})" : lateChunking ? "late chunking" : null;
            if (what is not null)
            {
                throw new ArgumentException(
                    $"{modelId} takes no {what}: the v2 models have no task adapters, no Matryoshka dimensions and no late chunking. " +
                    $"Remove the setting, or use {JinaModels.DefaultModelId}, which replaces v2 (JinaTask.TextMatching is closest to v2's symmetric similarity).",
                    paramName);
            }

            return;
        }

        if (dimensions is { } dims && model.MinDimensions is { } min && model.MaxDimensions is { } max && (dims < min || dims > max))
        {
            throw new ArgumentOutOfRangeException(
                paramName, dims, $"{modelId} supports {min} to {max} dimensions (trained Matryoshka sizes: powers of two and 768); {dims} is outside that range.");
        }

        if (task is not null && model.KnownTasks is { } tasks && !tasks.Contains(task, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{modelId} has no task '{task}'; use one of: {string.Join(", ", tasks)}.", paramName);
        }
    }

    private sealed record CallSettings(string ModelId, string? Task, int? Dimensions, bool LateChunking, bool Normalized, bool? Truncate, string EmbeddingType);

    private sealed record BatchResult(Embedding<float>[] Embeddings, JinaUsage? Usage);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static bool IsTransient(HttpStatusCode status) => (int)status is 429 or 500 or 502 or 503 or 504;
}
