namespace Jina.Testing;

/// <summary>The rate limits the <see cref="JinaApiEmulator"/> enforces on its key, as the live service does per key.</summary>
/// <remarks>
/// Requests and tokens are counted in fixed windows of <see cref="Window"/> (a minute live; shorter in tests and benchmarks,
/// with the service's own wording kept: "per minute"). A request over a limit is answered 429 with the live codes
/// (<c>RATE_REQUEST_LIMIT_EXCEEDED</c>, <c>RATE_TOKEN_LIMIT_EXCEEDED</c>, <c>RATE_CONCURRENCY_LIMIT_EXCEEDED</c>) and no
/// <c>Retry-After</c>; it is not counted. Successful responses carry <c>X-RateLimit-Remaining-Requests</c> and
/// <c>X-RateLimit-Remaining-Tokens</c>. A limit left <see langword="null"/> is not enforced.
/// </remarks>
public sealed class JinaApiEmulatorRateLimits
{
    /// <summary>Gets or sets the most requests admitted in one window.</summary>
    public int? RequestsPerWindow { get; set; }

    /// <summary>Gets or sets the most tokens admitted in one window.</summary>
    public long? TokensPerWindow { get; set; }

    /// <summary>Gets or sets the most requests of the key in flight at once.</summary>
    public int? ConcurrentRequests { get; set; }

    /// <summary>Gets or sets the length of a window; one minute unless set.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Returns limits shaped like the free tier as it behaves in practice: 500 requests and 1,000,000 tokens per window, 2 concurrent requests.</summary>
    /// <param name="window">The window, one minute unless given.</param>
    /// <returns>The limits.</returns>
    public static JinaApiEmulatorRateLimits FreeTier(TimeSpan? window = null) => new()
    {
        RequestsPerWindow = 500,
        TokensPerWindow = 1_000_000,
        ConcurrentRequests = 2,
        Window = window ?? TimeSpan.FromMinutes(1),
    };
}
