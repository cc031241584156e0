namespace Jina.Extensions.AI;

/// <summary>The rate limits a user states for a key, each <see langword="null"/> when left to be learned from the service.</summary>
/// <param name="RequestsPerWindow">The requests the key may send per window.</param>
/// <param name="TokensPerWindow">The tokens the key may send per window.</param>
/// <param name="ConcurrentRequests">The requests the key may have in flight at once.</param>
/// <param name="Window">The window the service counts requests and tokens over: a minute for the Jina API.</param>
internal sealed record JinaRateLimits(int? RequestsPerWindow, long? TokensPerWindow, int? ConcurrentRequests, TimeSpan Window);
