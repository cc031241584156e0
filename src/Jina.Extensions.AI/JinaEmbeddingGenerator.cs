using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents an embedding generator backed by the Jina API.</summary>
/// <remarks>
/// <para>
/// Per call it honours <see cref="EmbeddingGenerationOptions.ModelId"/>, <see cref="EmbeddingGenerationOptions.Dimensions"/> and
/// the <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> named in <see cref="JinaPropertyNames"/>; otherwise the
/// constructor's <see cref="JinaEmbeddingGeneratorOptions"/> apply. Each request carries only the fields its model's schema
/// takes (the service refuses any other); a setting a known model cannot take fails before any request, and a model this
/// library does not know gets what the caller asked for. Vectors travel as base64 and are decoded straight into float buffers.
/// </para>
/// <para>
/// Requests go through a rate limiter shared by every generator of the process that uses the same key and endpoint, which
/// paces requests, tokens and requests in flight to the key's limits, stated or learned from the service.
/// </para>
/// </remarks>
public sealed partial class JinaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly JinaEmbeddingGeneratorOptions _options;
    private readonly JinaApiClient _client;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly ConcurrentDictionary<string, int> _learnedInputLimits = new(StringComparer.OrdinalIgnoreCase);
    private volatile EmbeddingModelCapabilities _capabilities;
    private volatile JinaDiscoveredModel? _discovered;

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
    /// <exception cref="ArgumentException">The settings are invalid: no API key, a plain-http endpoint that is not loopback, a setting the model cannot take, or values out of range.</exception>
    public JinaEmbeddingGenerator(JinaEmbeddingGeneratorOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();

        JinaApiClientSettings settings = JinaConnection.CreateSettings(_options, nameof(JinaEmbeddingGeneratorOptions), nameof(options));
        _options.ApiKey = null; // the copy keeps no key: only the API client does, and it is never printed.

        ValidateModelId(_options.ModelId);
        ValidateInputsPerRequest(_options.MaxInputsPerRequest);

        // The defaults are checked now so that a misconfiguration surfaces at start-up rather than on the first call.
        ValidateModelOptions(_options.ModelId, DefaultTask, _options.Dimensions, _options.LateChunking, _options.Normalized, nameof(options));

        _client = new JinaApiClient(settings, httpClient);
        _capabilities = CreateCapabilities();
        _metadata = new EmbeddingGeneratorMetadata("jina", settings.Endpoint, _options.ModelId, _capabilities.DefaultDimensions);
    }

    /// <summary>Gets the API client, for tests that look at the shared rate limiter.</summary>
    internal JinaApiClient Client => _client;

    private string? DefaultTask => _options.Task?.Value is { Length: > 0 } task ? task : null;

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        GenerateCoreAsync<Embedding<float>>(TextInputs(values), options, cancellationToken);

    /// <summary>Embeds inputs of any kind (text, images, PDFs) as float or bit vectors; the one path every public call takes.</summary>
    /// <typeparam name="TEmbedding"><see cref="Embedding{T}"/> of <see cref="float"/>, or <see cref="BinaryEmbedding"/>.</typeparam>
    internal async Task<GeneratedEmbeddings<TEmbedding>> GenerateCoreAsync<TEmbedding>(
        JinaEmbeddingInput[] inputs, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
        where TEmbedding : Embedding
    {
        CallSettings settings = ResolveSettings(options, binary: typeof(TEmbedding) == typeof(BinaryEmbedding));
        if (inputs.Length == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        JinaDiscoveredModel? discovered = null;
        if (_options.DiscoverModels && JinaModels.Find(settings.ModelId) is null)
        {
            discovered = await DiscoverAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        CheckMedia(inputs, settings, discovered);
        int perRequest = InputsPerRequest(settings.ModelId);
        if (settings.LateChunking && inputs.Length > perRequest)
        {
            throw new ArgumentException(
                $"A late-chunking call embeds its inputs as one document in one request, and {inputs.Length} inputs exceed the " +
                $"{perRequest} a request of {settings.ModelId} may carry. Split the document into windows with LateChunker, which keeps " +
                "each chunk's preceding context, or turn late chunking off.",
                "values");
        }

        List<ArraySegment<JinaEmbeddingInput>> batches = PlanRequests(inputs, perRequest);
        if (batches.Count == 1)
        {
            BatchResult single = await SendBatchAsync(batches[0], inputs.Length, settings, cancellationToken).ConfigureAwait(false);
            return Assemble<TEmbedding>([single], inputs.Length);
        }

        var results = new BatchResult[batches.Count];

        // The shared limiter decides how many requests are in flight; this only bounds how many wait in its queue at once.
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Clamp(_client.Limiter.ConcurrencyTarget * 2, 2, 64),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForAsync(0, batches.Count, parallel, async (b, token) =>
        {
            results[b] = await SendBatchAsync(batches[b], inputs.Length, settings, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        return Assemble<TEmbedding>(results, inputs.Length);
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
            serviceType == typeof(HttpClient) ? _client.HttpClient :
            serviceType.IsInstanceOfType(this) ? this :
            null;
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(JinaEmbeddingGenerator)} {{ Endpoint = {_metadata.ProviderUri}, ModelId = {_options.ModelId} }}";

    private static JinaEmbeddingGeneratorOptions CreateOptions(string apiKey, string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new JinaEmbeddingGeneratorOptions { ApiKey = apiKey, ModelId = modelId };
    }

    private static GeneratedEmbeddings<TEmbedding> Assemble<TEmbedding>(BatchResult[] batches, int count)
        where TEmbedding : Embedding
    {
        var embeddings = new List<TEmbedding>(count);
        long? total = null;
        long? prompt = null;
        bool usageMissing = false;
        foreach (BatchResult batch in batches)
        {
            embeddings.AddRange(batch.Embeddings.Cast<TEmbedding>());
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

        var result = new GeneratedEmbeddings<TEmbedding>(embeddings);
        if (!usageMissing && total is not null)
        {
            // Usage is reported only when every request reported it: a partial sum would understate the cost.
            result.Usage = new UsageDetails { InputTokenCount = prompt, TotalTokenCount = total };
        }

        return result;
    }

    private CallSettings ResolveSettings(EmbeddingGenerationOptions? options, bool binary)
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
        bool? normalized = ReadBool(properties, JinaPropertyNames.Normalized) ?? _options.Normalized;
        bool? truncate = ReadBool(properties, JinaPropertyNames.Truncate) ?? _options.Truncate;

        string embeddingType = binary ? "ubinary" : "base64";
        if (properties is not null && properties.TryGetValue(JinaPropertyNames.EmbeddingType, out object? typeValue) && typeValue?.ToString() is { Length: > 0 } type)
        {
            embeddingType = (binary, type.Trim().ToLowerInvariant()) switch
            {
                (false, "base64") => "base64",
                (false, "float") => "float",
                (true, "ubinary") => "ubinary",
                (true, "binary") => "binary",
                (false, "binary" or "ubinary") => throw new ArgumentException(
                    $"{JinaPropertyNames.EmbeddingType} '{type}' returns bit vectors, which a float embedding cannot hold; ask through " +
                    "IEmbeddingGenerator<..., BinaryEmbedding>, which this generator implements, or use \"base64\" (the default) or \"float\".",
                    nameof(options)),
                (false, _) => throw new ArgumentException(
                    $"{JinaPropertyNames.EmbeddingType} '{type}' cannot fill float vectors; use \"base64\" (the default) or \"float\".", nameof(options)),
                (true, _) => throw new ArgumentException(
                    $"{JinaPropertyNames.EmbeddingType} '{type}' cannot fill a BinaryEmbedding; use \"ubinary\" (the default) or \"binary\", " +
                    "or ask through IEmbeddingGenerator<..., Embedding<float>> for float vectors.",
                    nameof(options)),
            };
        }

        task = ValidateModelOptions(modelId, task, dimensions, lateChunking, normalized, nameof(options));
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

    private sealed record CallSettings(string ModelId, string? Task, int? Dimensions, bool LateChunking, bool? Normalized, bool? Truncate, string EmbeddingType)
    {
        /// <summary>Gets a value indicating whether the vectors come as packed bits (<c>binary</c> or <c>ubinary</c>).</summary>
        public bool Binary => EmbeddingType is "binary" or "ubinary";
    }

    private sealed record BatchResult(Embedding[] Embeddings, JinaUsage? Usage);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
