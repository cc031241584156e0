using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jina.Testing;

/// <summary>An in-process emulator of the Jina embeddings API on 127.0.0.1, for tests that must go over real HTTP.</summary>
/// <remarks>
/// It follows the wire contract of the real service (shared/JINA_API.md): <c>POST {Endpoint}embeddings</c> with a bearer key,
/// 401 without the right key, 422 for unknown fields, tasks and out-of-range dimensions and for task/dimensions/late_chunking
/// on v2 models, 400 for unknown models, too many inputs and too many tokens, the encodings <c>float</c>, <c>base64</c>,
/// <c>binary</c> and <c>ubinary</c>, and usage. Vectors come from <see cref="JinaApiEmulatorOptions.Embedder"/>, or from the
/// deterministic <see cref="HashEmbeddingGenerator"/> when none is given. <see cref="Faults"/> injects latency, rate limits,
/// server errors, aborted connections and broken bodies.
/// </remarks>
public sealed class JinaApiEmulator : IAsyncDisposable
{
    private static readonly HashSet<string> s_fields = ["model", "input", "task", "dimensions", "late_chunking", "embedding_type", "normalized", "truncate"];
    private static readonly string[] s_v3Tasks = ["retrieval.query", "retrieval.passage", "separation", "classification", "text-matching"];
    private static readonly string[] s_v4Tasks = ["retrieval.query", "retrieval.passage", "text-matching", "code.query", "code.passage"];
    private static readonly string[] s_encodings = ["float", "base64", "binary", "ubinary"];

    private readonly WebApplication _app;
    private readonly JinaApiEmulatorOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly bool _customEmbedder;
    private readonly List<JinaApiEmulatorRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private int? _embedderNativeDimensions;
    private int _inFlight;
    private int _peakInFlight;
    private long _requestCounter;

    private JinaApiEmulator(WebApplication app, JinaApiEmulatorOptions options)
    {
        _app = app;
        _options = options;
        _customEmbedder = options.Embedder is not null;
        _embedder = options.Embedder ?? new HashEmbeddingGenerator();
        Endpoint = null!;
    }

    /// <summary>Gets the API base address, <c>http://127.0.0.1:{port}/v1/</c>; point a generator's endpoint here.</summary>
    public Uri Endpoint { get; private set; }

    /// <summary>Gets the API key the emulator accepts.</summary>
    public string ApiKey => _options.ApiKey;

    /// <summary>Gets the faults to inject; they can be changed while the emulator runs.</summary>
    public JinaApiEmulatorFaults Faults { get; } = new();

    /// <summary>Gets a snapshot of the requests received so far, in order of completion.</summary>
    public IReadOnlyList<JinaApiEmulatorRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Gets the most requests that were in flight at the same time since the start or the last <see cref="ClearRequests"/>.</summary>
    public int PeakConcurrentRequests => Volatile.Read(ref _peakInFlight);

    /// <summary>Starts an emulator on an ephemeral loopback port.</summary>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<JinaApiEmulator> StartAsync(JinaApiEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new JinaApiEmulatorOptions();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 512L * 1024 * 1024;
        });

        WebApplication app = builder.Build();
        var emulator = new JinaApiEmulator(app, options);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.Endpoint = new Uri(address.TrimEnd('/') + "/v1/");
        return emulator;
    }

    /// <summary>Returns the tokens the emulator charges for <paramref name="text"/> sent as one input: its text tokens plus two special tokens.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token count.</returns>
    public int CountTokens(string text) => CountTextTokens(text) + JinaApiEmulatorTokenCounter.SpecialTokensPerSequence;

    /// <summary>Forgets the requests received so far and the peak concurrency.</summary>
    public void ClearRequests()
    {
        lock (_requestsLock)
        {
            _requests.Clear();
        }

        Volatile.Write(ref _peakInFlight, 0);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (!_customEmbedder)
        {
            _embedder.Dispose();
        }
    }

    private int CountTextTokens(string text) => (_options.TokenCounter ?? JinaApiEmulatorTokenCounter.CountTextTokens)(text);

    private async Task HandleAsync(HttpContext context)
    {
        int inFlight = Interlocked.Increment(ref _inFlight);
        int peak;
        while (inFlight > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) != peak)
        {
        }

        try
        {
            string requestId = "emu-" + Interlocked.Increment(ref _requestCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["x-request-id"] = requestId;
            string body;
            using (var reader = new StreamReader(context.Request.Body))
            {
                body = await reader.ReadToEndAsync(context.RequestAborted);
            }

            if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Equals("/v1/embeddings", StringComparison.OrdinalIgnoreCase))
            {
                await WriteErrorAsync(context, 404, "NOT_FOUND", $"No route {context.Request.Method} {context.Request.Path}; the emulator serves POST /v1/embeddings.", requestId);
                return;
            }

            TimeSpan latency = Faults.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            var outcome = new Outcome(body);
            try
            {
                await ServeAsync(context, outcome, requestId);
            }
            finally
            {
                Record(outcome);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            // A bug in the emulator itself: say so plainly instead of dropping the connection.
            await WriteErrorAsync(context, 500, "EMULATOR_ERROR", "The emulator failed: " + ex, "emu-error");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ServeAsync(HttpContext context, Outcome outcome, string requestId)
    {
        ParseForRecord(outcome);

        if (Faults.Take() is { } fault)
        {
            outcome.StatusCode = fault.StatusCode;
            switch (fault.Kind)
            {
                case JinaApiEmulatorFaults.FaultKind.Abort:
                    context.Abort();
                    return;
                case JinaApiEmulatorFaults.FaultKind.RateLimit:
                    if (fault.RetryAfter is not null)
                    {
                        context.Response.Headers.RetryAfter = fault.RetryAfter;
                    }

                    outcome.ErrorCode = "RATE_REQUEST_LIMIT_EXCEEDED";
                    await WriteErrorAsync(context, 429, outcome.ErrorCode, "Request rate limit exceeded, please try again later.", requestId);
                    return;
                case JinaApiEmulatorFaults.FaultKind.ServerError:
                    outcome.ErrorCode = fault.StatusCode switch { 503 => "SERVICE_UNAVAILABLE", 504 => "SERVICE_TIMEOUT", _ => "INTERNAL_ERROR" };
                    await WriteErrorAsync(context, fault.StatusCode, outcome.ErrorCode, "The service is temporarily unable to handle the request.", requestId);
                    return;
                default:
                    context.Response.StatusCode = fault.StatusCode;
                    context.Response.ContentType = fault.ContentType;
                    await context.Response.WriteAsync(fault.Body ?? string.Empty, context.RequestAborted);
                    return;
            }
        }

        string? authorization = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            await Fail(context, outcome, 401, "AUTH_MISSING_API_KEY", "No API key was provided. Send it as 'Authorization: Bearer <key>'.", requestId);
            return;
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await Fail(context, outcome, 401, "AUTH_INVALID_FORMAT", "The Authorization header must be 'Bearer <key>'.", requestId);
            return;
        }

        if (!string.Equals(authorization["Bearer ".Length..].Trim(), _options.ApiKey, StringComparison.Ordinal))
        {
            // Never echo the key that was sent.
            await Fail(context, outcome, 401, "AUTH_INVALID_API_KEY", "The API key is invalid.", requestId);
            return;
        }

        if (outcome.ParseError is { } parseError)
        {
            await FailValidation(context, outcome, outcome.ParseErrors ?? [parseError], requestId);
            return;
        }

        await EmbedAsync(context, outcome, requestId);
    }

    private async Task EmbedAsync(HttpContext context, Outcome outcome, string requestId)
    {
        ModelRow? model = FindModel(outcome.Model!);
        if (model is null)
        {
            await Fail(context, outcome, 400, "INPUT_MODEL_NOT_FOUND", $"Model '{outcome.Model}' not found.", requestId);
            return;
        }

        var errors = new List<FieldError>();
        if (model.IsV2)
        {
            if (outcome.Task is not null)
            {
                errors.Add(new("task", $"{model.Id} does not support tasks.", "value_error", outcome.Task));
            }

            if (outcome.Dimensions is not null)
            {
                errors.Add(new("dimensions", $"{model.Id} does not support dimensions.", "value_error", outcome.Dimensions));
            }

            if (outcome.LateChunking)
            {
                errors.Add(new("late_chunking", $"{model.Id} does not support late chunking.", "value_error", true));
            }
        }
        else if (outcome.Task is not null && !model.Tasks.Contains(outcome.Task))
        {
            errors.Add(new("task", $"Input should be {string.Join(", ", model.Tasks.Select(t => $"'{t}'"))}.", "enum", outcome.Task));
        }

        int native = model.Dimensions;
        if (_customEmbedder)
        {
            native = await GetEmbedderNativeDimensionsAsync(context.RequestAborted);
        }

        if (outcome.Dimensions is { } dims && !model.IsV2)
        {
            int max = Math.Min(model.Dimensions, native);
            if (dims < 1 || dims > max)
            {
                errors.Add(new("dimensions", $"Input should be between 1 and {max}.", "value_error", dims));
            }
        }

        foreach (string type in outcome.EmbeddingTypes)
        {
            if (!s_encodings.Contains(type))
            {
                errors.Add(new("embedding_type", "Input should be 'float', 'base64', 'binary' or 'ubinary'.", "enum", type));
            }
        }

        if (errors.Count > 0)
        {
            await FailValidation(context, outcome, errors, requestId);
            return;
        }

        if (outcome.Inputs.Count > model.MaxInputs)
        {
            await Fail(context, outcome, 400, "INPUT_LIMIT_EXCEEDED",
                $"Number of input items ({outcome.Inputs.Count}) exceeds the limit of {model.MaxInputs} per request.", requestId);
            return;
        }

        int maxTokens = model.IsV4 ? _options.MaxInputTokens * 4 : _options.MaxInputTokens;
        int tokens = 0;
        for (int i = 0; i < outcome.Inputs.Count; i++)
        {
            int count = CountTextTokens(outcome.Inputs[i]);
            if (!outcome.LateChunking && count + JinaApiEmulatorTokenCounter.SpecialTokensPerSequence > maxTokens)
            {
                if (outcome.Truncate != true)
                {
                    await Fail(context, outcome, 400, "INPUT_TOKEN_LIMIT_EXCEEDED",
                        $"Input {i} has {count + JinaApiEmulatorTokenCounter.SpecialTokensPerSequence} tokens, more than the model's limit of {maxTokens}. Shorten it or set truncate.", requestId);
                    return;
                }

                count = maxTokens - JinaApiEmulatorTokenCounter.SpecialTokensPerSequence;
            }

            tokens += count + (outcome.LateChunking ? 0 : JinaApiEmulatorTokenCounter.SpecialTokensPerSequence);
        }

        if (outcome.LateChunking)
        {
            tokens += JinaApiEmulatorTokenCounter.SpecialTokensPerSequence;
            if (tokens > maxTokens)
            {
                await Fail(context, outcome, 400, "INPUT_TOKEN_LIMIT_EXCEEDED",
                    $"With late_chunking all inputs are encoded as one sequence: {tokens} tokens exceed the model's limit of {maxTokens}.", requestId);
                return;
            }
        }

        outcome.TokenCount = tokens;

        var properties = new AdditionalPropertiesDictionary();
        if (outcome.Task is not null)
        {
            properties["task"] = outcome.Task;
        }

        properties["late_chunking"] = outcome.LateChunking;
        properties["normalized"] = outcome.Normalized ?? true;
        properties["truncate"] = outcome.Truncate ?? false;
        var embedOptions = new EmbeddingGenerationOptions
        {
            Dimensions = outcome.Dimensions,
            ModelId = _customEmbedder ? null : model.Id,
            AdditionalProperties = properties,
        };

        GeneratedEmbeddings<Embedding<float>> vectors = await _embedder.GenerateAsync(outcome.Inputs, embedOptions, context.RequestAborted);
        outcome.StatusCode = 200;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.Body))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model.Id);
            writer.WriteString("object", "list");
            writer.WriteStartObject("usage");
            writer.WriteNumber("total_tokens", tokens);
            writer.WriteNumber("prompt_tokens", tokens);
            writer.WriteEndObject();
            writer.WriteStartArray("data");
            bool reverse = Faults.ReverseDataOrder;
            for (int n = 0; n < vectors.Count; n++)
            {
                int i = reverse ? vectors.Count - 1 - n : n;
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                ReadOnlySpan<float> vector = vectors[i].Vector.Span;
                if (outcome.EmbeddingTypes.Count <= 1)
                {
                    writer.WritePropertyName("embedding");
                    WriteVector(writer, vector, outcome.EmbeddingTypes.Count == 0 ? "float" : outcome.EmbeddingTypes[0]);
                }
                else
                {
                    writer.WriteStartObject("embedding");
                    foreach (string type in outcome.EmbeddingTypes)
                    {
                        writer.WritePropertyName(type);
                        WriteVector(writer, vector, type);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                if (writer.BytesPending > 64 * 1024)
                {
                    await writer.FlushAsync(context.RequestAborted);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted);
        }
    }

    private static void WriteVector(Utf8JsonWriter writer, ReadOnlySpan<float> vector, string type)
    {
        switch (type)
        {
            case "base64":
                writer.WriteBase64StringValue(MemoryMarshal.AsBytes(vector));
                break;
            case "binary":
            case "ubinary":
                var packed = new byte[(vector.Length + 7) / 8];
                for (int i = 0; i < vector.Length; i++)
                {
                    if (vector[i] > 0)
                    {
                        packed[i / 8] |= (byte)(0x80 >> (i % 8));
                    }
                }

                if (type == "binary")
                {
                    // binary is the signed form: each byte offset by 128.
                    for (int i = 0; i < packed.Length; i++)
                    {
                        packed[i] = unchecked((byte)(sbyte)(packed[i] - 128));
                    }
                }

                writer.WriteBase64StringValue(packed);
                break;
            default:
                writer.WriteStartArray();
                foreach (float f in vector)
                {
                    writer.WriteNumberValue(f);
                }

                writer.WriteEndArray();
                break;
        }
    }

    private async Task<int> GetEmbedderNativeDimensionsAsync(CancellationToken cancellationToken)
    {
        if (_embedderNativeDimensions is { } known)
        {
            return known;
        }

        int? size = _embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        if (size is null)
        {
            GeneratedEmbeddings<Embedding<float>> probe = await _embedder.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken);
            size = probe[0].Vector.Length;
        }

        _embedderNativeDimensions = size;
        return size.Value;
    }

    private static void ParseForRecord(Outcome outcome)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(outcome.Body);
        }
        catch (JsonException ex)
        {
            outcome.ParseError = new FieldError("body", $"JSON decode error: {ex.Message}", "json_invalid", null);
            return;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                outcome.ParseError = new FieldError("body", "Input should be a valid dictionary.", "model_type", null);
                return;
            }

            var errors = new List<FieldError>();
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!s_fields.Contains(property.Name))
                {
                    errors.Add(new FieldError(property.Name, "Extra inputs are not permitted", "extra_forbidden", property.Value.ToString()));
                }
            }

            if (root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String)
            {
                outcome.Model = model.GetString();
            }
            else
            {
                errors.Add(new FieldError("model", "Field required", "missing", null));
            }

            if (root.TryGetProperty("input", out JsonElement input))
            {
                if (input.ValueKind == JsonValueKind.String)
                {
                    outcome.Inputs.Add(input.GetString()!);
                }
                else if (input.ValueKind == JsonValueKind.Array && input.GetArrayLength() > 0)
                {
                    foreach (JsonElement item in input.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String)
                        {
                            outcome.Inputs.Add(item.GetString()!);
                        }
                        else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
                        {
                            outcome.Inputs.Add(text.GetString()!);
                        }
                        else
                        {
                            errors.Add(new FieldError("input", "Input should be a valid string or a {\"text\": ...} object.", "string_type", item.ToString()));
                            break;
                        }
                    }
                }
                else
                {
                    errors.Add(new FieldError("input", "Input should be a non-empty list of strings.", "list_type", input.ToString()));
                }
            }
            else
            {
                errors.Add(new FieldError("input", "Field required", "missing", null));
            }

            outcome.Task = ReadOptional(root, "task", JsonValueKind.String, errors)?.GetString();
            if (ReadOptional(root, "dimensions", JsonValueKind.Number, errors) is { } dimensions)
            {
                if (dimensions.TryGetInt32(out int d))
                {
                    outcome.Dimensions = d;
                }
                else
                {
                    errors.Add(new FieldError("dimensions", "Input should be a valid integer.", "int_type", dimensions.ToString()));
                }
            }

            outcome.LateChunking = ReadBool(root, "late_chunking", errors) ?? false;
            outcome.Normalized = ReadBool(root, "normalized", errors);
            outcome.Truncate = ReadBool(root, "truncate", errors);

            if (root.TryGetProperty("embedding_type", out JsonElement type) && type.ValueKind != JsonValueKind.Null)
            {
                if (type.ValueKind == JsonValueKind.String)
                {
                    outcome.EmbeddingTypes.Add(type.GetString()!);
                }
                else if (type.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in type.EnumerateArray())
                    {
                        outcome.EmbeddingTypes.Add(item.ToString());
                    }
                }
                else
                {
                    errors.Add(new FieldError("embedding_type", "Input should be a string or a list of strings.", "string_type", type.ToString()));
                }
            }

            if (errors.Count > 0)
            {
                outcome.ParseErrors = errors;
                outcome.ParseError = errors[0];
            }
        }
    }

    private static JsonElement? ReadOptional(JsonElement root, string name, JsonValueKind kind, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != kind)
        {
            errors.Add(new FieldError(name, $"Input should be a valid {kind.ToString().ToLowerInvariant()}.", "type_error", value.ToString()));
            return null;
        }

        return value;
    }

    private static bool? ReadBool(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new FieldError(name, "Input should be a valid boolean.", "bool_type", value.ToString()));
        return null;
    }

    private static ModelRow? FindModel(string id) => id switch
    {
        "jina-embeddings-v3" => new(id, 1024, 2048, s_v3Tasks, IsV2: false, IsV4: false),
        "jina-embeddings-v4" => new(id, 2048, 512, s_v4Tasks, IsV2: false, IsV4: true),
        "jina-embeddings-v2-base-en" or "jina-embeddings-v2-base-de" or "jina-embeddings-v2-base-es" or "jina-embeddings-v2-base-zh" or "jina-embeddings-v2-base-code"
            => new(id, 768, 2048, [], IsV2: true, IsV4: false),
        "jina-embeddings-v2-small-en" => new(id, 512, 2048, [], IsV2: true, IsV4: false),
        _ => null,
    };

    private static Task Fail(HttpContext context, Outcome outcome, int status, string code, string detail, string requestId)
    {
        outcome.StatusCode = status;
        outcome.ErrorCode = code;
        return WriteErrorAsync(context, status, code, detail, requestId);
    }

    private static async Task FailValidation(HttpContext context, Outcome outcome, IReadOnlyList<FieldError> errors, string requestId)
    {
        IReadOnlyList<FieldError> all = errors;
        outcome.StatusCode = 422;
        outcome.ErrorCode = "VALIDATION_ERROR";
        context.Response.StatusCode = 422;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("detail", "Validation error: " + string.Join("; ", all.Select(e => $"{e.Field}: {e.Message}")));
        writer.WriteStartArray("errors");
        foreach (FieldError error in all)
        {
            writer.WriteStartObject();
            writer.WriteString("field", error.Field);
            writer.WriteString("message", error.Message);
            writer.WriteString("type", error.Type);
            if (error.Input is null)
            {
                writer.WriteNull("input");
            }
            else
            {
                writer.WriteString("input", Convert.ToString(error.Input, System.Globalization.CultureInfo.InvariantCulture));
            }
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("request_id", requestId);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string detail, string requestId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("detail", detail);
        writer.WriteString("code", code);
        writer.WriteString("request_id", requestId);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private void Record(Outcome outcome)
    {
        var request = new JinaApiEmulatorRequest
        {
            Body = outcome.Body,
            Model = outcome.Model,
            Inputs = outcome.Inputs,
            Task = outcome.Task,
            Dimensions = outcome.Dimensions,
            LateChunking = outcome.LateChunking,
            EmbeddingType = outcome.EmbeddingTypes.Count == 0 ? null : string.Join(',', outcome.EmbeddingTypes),
            Normalized = outcome.Normalized,
            Truncate = outcome.Truncate,
            TokenCount = outcome.TokenCount,
            StatusCode = outcome.StatusCode,
            ErrorCode = outcome.ErrorCode,
            ReceivedAt = outcome.ReceivedAt,
        };

        lock (_requestsLock)
        {
            _requests.Add(request);
        }
    }

    private sealed record ModelRow(string Id, int Dimensions, int MaxInputs, string[] Tasks, bool IsV2, bool IsV4);

    private sealed record FieldError(string Field, string Message, string Type, object? Input);

    private sealed class Outcome(string body)
    {
        public string Body { get; } = body;

        public DateTimeOffset ReceivedAt { get; } = DateTimeOffset.UtcNow;

        public string? Model { get; set; }

        public List<string> Inputs { get; } = [];

        public string? Task { get; set; }

        public int? Dimensions { get; set; }

        public bool LateChunking { get; set; }

        public bool? Normalized { get; set; }

        public bool? Truncate { get; set; }

        public List<string> EmbeddingTypes { get; } = [];

        public FieldError? ParseError { get; set; }

        public List<FieldError>? ParseErrors { get; set; }

        public int TokenCount { get; set; }

        public int StatusCode { get; set; }

        public string? ErrorCode { get; set; }
    }
}
