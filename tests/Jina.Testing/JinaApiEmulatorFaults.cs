using System.Collections.Concurrent;

namespace Jina.Testing;

/// <summary>Faults the <see cref="JinaApiEmulator"/> injects, changeable while it runs.</summary>
/// <remarks>
/// Queued faults answer the next requests in order, one fault per request, before authentication (as a gateway would).
/// <see cref="ServerErrorRate"/> applies to the requests no queued fault answers.
/// </remarks>
public sealed class JinaApiEmulatorFaults
{
    private readonly ConcurrentQueue<Fault> _queue = new();
    private readonly Random _random = new(20240917);
    private readonly Lock _randomLock = new();
    private long _latencyTicks;
    private double _serverErrorRate;

    /// <summary>Gets or sets how long the service works on every admitted embeddings or rerank request (by the emulator's clock); the request counts as in flight meanwhile.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Gets or sets the share (0 to 1) of requests answered with 503, drawn from a fixed-seed random sequence.</summary>
    public double ServerErrorRate
    {
        get => Volatile.Read(ref _serverErrorRate);
        set => Volatile.Write(ref _serverErrorRate, Math.Clamp(value, 0, 1));
    }

    /// <summary>Gets or sets a value indicating whether the <c>data</c> list is returned in reverse order (indexes stay correct).</summary>
    public bool ReverseDataOrder { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>binary</c> and <c>ubinary</c> vectors are sent as integer arrays (the form older integrations read) instead of base64.</summary>
    public bool BinaryAsIntegerArrays { get; set; }

    /// <summary>Gets the number of queued faults not yet used.</summary>
    public int Pending => _queue.Count;

    /// <summary>Answers the next <paramref name="count"/> requests with 429 and a rate-limit code, without <c>Retry-After</c> unless given (the live service sends none).</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header (seconds or an HTTP date) a gateway would add, or <see langword="null"/> for none.</param>
    /// <param name="code">The code: <c>RATE_REQUEST_LIMIT_EXCEEDED</c> (the default), <c>RATE_TOKEN_LIMIT_EXCEEDED</c>, <c>RATE_CONCURRENCY_LIMIT_EXCEEDED</c> or <c>RATE_IP_LIMIT_EXCEEDED</c>.</param>
    /// <param name="detail">The detail after the request id, such as <c>"600/500 requests per minute"</c>; a generic sentence unless given.</param>
    public void EnqueueRateLimits(int count, string? retryAfter = null, string code = "RATE_REQUEST_LIMIT_EXCEEDED", string? detail = null) =>
        Enqueue(count, new Fault(FaultKind.RateLimit, 429, retryAfter, detail ?? "Rate limit exceeded, please try again later.", null, code));

    /// <summary>Answers the next <paramref name="count"/> requests as the service does when the key's balance is used up.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="statusCode">402 as the live service answers (the default), or 403 <c>AUTHZ_INSUFFICIENT_BALANCE</c> as the published spec says.</param>
    public void EnqueueInsufficientBalance(int count = 1, int statusCode = 402) =>
        Enqueue(count, new Fault(FaultKind.Balance, statusCode, null, null, null));

    /// <summary>Answers the next <paramref name="count"/> requests with a server error.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="statusCode">The status code (500, 502, 503, 504...).</param>
    public void EnqueueServerErrors(int count, int statusCode = 503) =>
        Enqueue(count, new Fault(FaultKind.ServerError, statusCode, null, null, null));

    /// <summary>Answers the next <paramref name="count"/> requests normally, but only after working on them for <paramref name="delay"/> (by the emulator's clock), in flight all along.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="delay">How long each waits before it is served.</param>
    public void EnqueueSlowResponses(int count, TimeSpan delay) =>
        Enqueue(count, new Fault(FaultKind.Slow, 200, null, null, null) { Delay = delay });

    /// <summary>Aborts the connection of the next <paramref name="count"/> requests without an answer.</summary>
    /// <param name="count">How many requests.</param>
    public void EnqueueAbortedConnections(int count) =>
        Enqueue(count, new Fault(FaultKind.Abort, 0, null, null, null));

    /// <summary>Answers the next <paramref name="count"/> requests with 200 and a JSON body cut off in the middle.</summary>
    /// <param name="count">How many requests.</param>
    public void EnqueueMalformedBodies(int count) =>
        Enqueue(count, new Fault(FaultKind.Custom, 200, null, "{\"model\":\"jina-embeddings-v3\",\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedd", "application/json"));

    /// <summary>Answers the next <paramref name="count"/> requests with an HTML error page, as a proxy or gateway does.</summary>
    /// <param name="count">How many requests.</param>
    /// <param name="statusCode">The status code, 502 unless given.</param>
    public void EnqueueHtmlBodies(int count, int statusCode = 502) =>
        Enqueue(count, new Fault(
            FaultKind.Custom,
            statusCode,
            null,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            "text/html"));

    /// <summary>Answers the next request with exactly this status and body.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The content type, JSON unless given.</param>
    public void EnqueueResponse(int statusCode, string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        Enqueue(1, new Fault(FaultKind.Custom, statusCode, null, body, contentType));
    }

    /// <summary>Removes every queued fault and sets latency, error rate and order back to normal.</summary>
    public void Reset()
    {
        _queue.Clear();
        Latency = TimeSpan.Zero;
        ServerErrorRate = 0;
        ReverseDataOrder = false;
        BinaryAsIntegerArrays = false;
    }

    internal Fault? Take()
    {
        if (_queue.TryDequeue(out Fault? fault))
        {
            return fault;
        }

        double rate = ServerErrorRate;
        if (rate > 0)
        {
            lock (_randomLock)
            {
                if (_random.NextDouble() < rate)
                {
                    return new Fault(FaultKind.ServerError, 503, null, null, null);
                }
            }
        }

        return null;
    }

    private void Enqueue(int count, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int i = 0; i < count; i++)
        {
            _queue.Enqueue(fault);
        }
    }

    internal enum FaultKind
    {
        RateLimit,
        Balance,
        Slow,
        ServerError,
        Abort,
        Custom,
    }

    internal sealed record Fault(FaultKind Kind, int StatusCode, string? RetryAfter, string? Body, string? ContentType, string? Code = null)
    {
        public TimeSpan Delay { get; init; }
    }
}
