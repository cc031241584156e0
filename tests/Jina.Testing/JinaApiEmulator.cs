using System.Globalization;
using System.Net;
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
/// It follows the live service as shared/JINA_API.md describes it, rough edges included: <c>POST {Endpoint}embeddings</c>
/// validated against the named model's own schema (<see cref="JinaApiEmulatorModel"/>; a field the schema lacks is answered
/// 422 <c>extra_forbidden</c> with the path <c>body -> {model} -> {field}</c>), the request id inside <c>detail</c> as
/// <c>[RID: …]</c>, the token-limit error as a 400 whose <c>detail</c> is an object without a code, "too many inputs" as a
/// validation message, unknown models as 422, <c>GET {Endpoint}models</c>, the encodings <c>float</c>, <c>base64</c>,
/// <c>binary</c> and <c>ubinary</c>, images and PDFs for the multimodal models (<see cref="EmulatorMedia"/> says how their vectors
/// are made and how a test gives an image a caption), usage, and per-key rate limits (<see cref="JinaApiEmulatorOptions.RateLimits"/>) answered
/// with the live 429 codes and no <c>Retry-After</c>; and <c>POST {Endpoint}rerank</c> (<see cref="JinaApiEmulatorRerankerModel"/>), whose
/// scores are a stand-in for Jina's rerankers: the cosine similarity of the embedder's query and passage vectors. Vectors come from <see cref="JinaApiEmulatorOptions.Embedder"/>, or from the
/// deterministic <see cref="HashEmbeddingGenerator"/>. <see cref="Faults"/> injects latency, rate limits, balance errors,
/// server errors, aborted connections and broken bodies.
/// </remarks>
public sealed partial class JinaApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JinaApiEmulatorOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly bool _customEmbedder;
    private readonly Dictionary<string, JinaApiEmulatorModel> _models;
    private readonly Dictionary<string, JinaApiEmulatorRerankerModel> _rerankers;
    private readonly TimeProvider _time;
    private readonly List<JinaApiEmulatorRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private int? _embedderNativeDimensions;
    private int _inFlight;
    private int _peakInFlight;
    private long _requestCounter;
    private int _modelListRequests;

    private JinaApiEmulator(WebApplication app, JinaApiEmulatorOptions options)
    {
        _app = app;
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _customEmbedder = options.Embedder is not null;
        _embedder = options.Embedder ?? new HashEmbeddingGenerator();
        _models = (options.Models ?? JinaApiEmulatorModel.Served).ToDictionary(m => m.Id, StringComparer.Ordinal);
        _rerankers = (options.RerankerModels ?? JinaApiEmulatorRerankerModel.Served).ToDictionary(m => m.Id, StringComparer.Ordinal);
        _limits = options.RateLimits is { } limits ? new KeyLimits(limits, _time) : null;
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

    /// <summary>Gets how many times <c>GET /v1/models</c> was asked (answered or not); those requests are not in <see cref="Requests"/>.</summary>
    public int ModelListRequests => Volatile.Read(ref _modelListRequests);

    /// <summary>Gets the number of requests being answered right now.</summary>
    public int RequestsInFlight => Volatile.Read(ref _inFlight);

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
        EnterFlight();
        string requestId = "emu-" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture);
        try
        {
            context.Response.Headers["x-request-id"] = requestId;
            string body = await ReadBodyAsync(context);
            if (RouteOf(context.Request) is not { } route)
            {
                await WriteErrorAsync(context, 404, $"No route {context.Request.Method} {context.Request.Path}; the emulator serves POST /v1/embeddings, POST /v1/rerank and GET /v1/models.", "NOT_FOUND", requestId);
                return;
            }

            var outcome = new Outcome(body, _time.GetUtcNow(), _limits?.WindowAt(_time.GetUtcNow()) ?? 0) { Path = context.Request.Path.Value! };
            await ServeAsync(context, route, outcome, requestId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            // A bug in the emulator itself: say so plainly instead of dropping the connection.
            await WriteErrorAsync(context, 500, "The emulator failed: " + ex, "EMULATOR_ERROR", requestId);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    // Counts the request as in flight and raises the peak when it is one.
    private void EnterFlight()
    {
        int inFlight = Interlocked.Increment(ref _inFlight);
        int peak;
        while (inFlight > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) != peak)
        {
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static Route? RouteOf(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/v1/embeddings", StringComparison.OrdinalIgnoreCase) ? Route.Embeddings
        : HttpMethods.IsPost(request.Method) && request.Path.Equals("/v1/rerank", StringComparison.OrdinalIgnoreCase) ? Route.Rerank
        : HttpMethods.IsGet(request.Method) && request.Path.Equals("/v1/models", StringComparison.OrdinalIgnoreCase) ? Route.Models
        : null;

    // Answers a routed request; embeddings and rerank requests are recorded however they end, the model list only counted.
    private async Task ServeAsync(HttpContext context, Route route, Outcome outcome, string requestId)
    {
        try
        {
            switch (route)
            {
                case Route.Models:
                    Interlocked.Increment(ref _modelListRequests);
                    await ServeModelsAsync(context, outcome, requestId);
                    break;
                case Route.Rerank:
                    await ServeRerankAsync(context, outcome, requestId);
                    break;
                default:
                    await ServeEmbeddingsAsync(context, outcome, requestId);
                    break;
            }
        }
        finally
        {
            if (route is not Route.Models)
            {
                Record(outcome);
            }
        }
    }

    // Authentication as the live service answers it; null when the request may go on.
    private (int Status, string Code, string Detail)? Authenticate(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return (401, "AUTH_MISSING_API_KEY", "No API key was provided. Send it as 'Authorization: Bearer <key>'.");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return (401, "AUTH_INVALID_FORMAT", "The Authorization header must be 'Bearer <key>'.");
        }

        // Never echo the key that was sent.
        return string.Equals(authorization["Bearer ".Length..].Trim(), _options.ApiKey, StringComparison.Ordinal)
            ? null
            : (401, "AUTH_INVALID_API_KEY", "The API key is invalid.");
    }

    private void Record(Outcome outcome)
    {
        var request = new JinaApiEmulatorRequest
        {
            Path = outcome.Path,
            Body = outcome.Body,
            Model = outcome.Model,
            Inputs = outcome.Inputs,
            InputKinds = [.. outcome.Media.Select(m => m?.Kind ?? "text")],
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
            Window = outcome.Window,
            Query = outcome.Query,
            TopN = outcome.TopN,
            ReturnDocuments = outcome.ReturnDocuments,
            Truncation = outcome.Truncation,
            MaxDocLength = outcome.MaxDocLength,
            ReturnEmbeddings = outcome.ReturnEmbeddings,
        };

        lock (_requestsLock)
        {
            _requests.Add(request);
        }
    }

    private enum Route
    {
        Embeddings,
        Rerank,
        Models,
    }

    private sealed record FieldError(string Field, string Message, string Type, object? Input);

    private sealed partial class Outcome(string body, DateTimeOffset receivedAt, long window)
    {
        public string Body { get; } = body;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public long Window { get; } = window;

        public string? Model { get; set; }

        public List<string> Inputs { get; } = [];

        // Parallel to Inputs: null for text, the image or PDF otherwise.
        public List<MediaInput?> Media { get; } = [];

        public string? Task { get; set; }

        public int? Dimensions { get; set; }

        public bool LateChunking { get; set; }

        public bool? Normalized { get; set; }

        public bool? Truncate { get; set; }

        public bool ReturnMultivector { get; set; }

        public List<string> EmbeddingTypes { get; } = [];

        public List<string> Fields { get; } = [];

        public List<FieldError> ParseErrors { get; } = [];

        public int TokenCount { get; set; }

        public int StatusCode { get; set; }

        public string? ErrorCode { get; set; }
    }
}
