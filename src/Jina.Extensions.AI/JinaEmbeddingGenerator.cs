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

        cancellationToken.ThrowIfCancellationRequested();
        if (_options.DiscoverModels && JinaModels.Find(settings.ModelId) is null)
        {
            await DiscoverAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        int perRequest = InputsPerRequest(settings.ModelId);
        if (settings.LateChunking && inputs.Length > perRequest)
        {
            throw new ArgumentException(
                $"A late-chunking call embeds its inputs as one document in one request, and {inputs.Length} inputs exceed the " +
                $"{perRequest} a request of {settings.ModelId} may carry. Split the document into windows with LateChunker, which keeps " +
                "each chunk's preceding context, or turn late chunking off.",
                nameof(values));
        }

        if (inputs.Length <= perRequest)
        {
            BatchResult single = await SendBatchAsync(new ArraySegment<string>(inputs), inputs.Length, settings, cancellationToken).ConfigureAwait(false);
            return Assemble([single], inputs.Length);
        }

        int batchCount = (inputs.Length + perRequest - 1) / perRequest;
        var results = new BatchResult[batchCount];

        // The shared limiter decides how many requests are in flight; this only bounds how many wait in its queue at once.
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Clamp(_client.Limiter.ConcurrencyTarget * 2, 2, 64),
            CancellationToken = cancellationToken,
        };
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
        bool? normalized = ReadBool(properties, JinaPropertyNames.Normalized) ?? _options.Normalized;
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

    private sealed record CallSettings(string ModelId, string? Task, int? Dimensions, bool LateChunking, bool? Normalized, bool? Truncate, string EmbeddingType);

    private sealed record BatchResult(Embedding<float>[] Embeddings, JinaUsage? Usage);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
