namespace Jina.Extensions.AI;

/// <summary>What a <see cref="JinaApiClient"/> needs to know: where, with which key, how patiently, and on which clock.</summary>
internal sealed record JinaApiClientSettings
{
    /// <summary>Gets the API base address; paths are resolved against it.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Gets the API key; it is only ever sent as the bearer token.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Gets how many times a server error, a timeout or a dropped connection is retried.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Gets the base of the exponential backoff.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets how long one attempt may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets how long a request the service refused with 429 may wait for the key's window to take it.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the clock of every wait, timeout and rate-limit window.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the rate limits the user stated for the key.</summary>
    public JinaRateLimits RateLimits { get; init; } = new(null, null, null, TimeSpan.FromMinutes(1));
}
