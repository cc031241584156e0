using System.Security.Cryptography;
using System.Text;

namespace Jina.Extensions.AI;

/// <summary>The process's rate limiters, one per endpoint and API key (and clock), shared by every client that uses them.</summary>
/// <remarks>
/// Entries are keyed by the endpoint and a SHA-256 hash of the key, never the key itself, and counted: the last client to
/// release one disposes it, so a process that uses many keys does not keep their limiters, and a new limiter starts afresh.
/// </remarks>
internal static class JinaRateLimiterRegistry
{
    private static readonly Dictionary<(string Endpoint, string KeyHash, TimeProvider Time, TimeSpan Window), Entry> s_entries = [];
    private static readonly Lock s_lock = new();

    /// <summary>Returns the limiter of a key at an endpoint, creating it with <paramref name="limits"/> or applying them to the one that exists.</summary>
    public static JinaRateLimiter Acquire(Uri endpoint, string apiKey, TimeProvider timeProvider, JinaRateLimits limits)
    {
        var key = (endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), HashKey(apiKey), timeProvider, limits.Window);
        lock (s_lock)
        {
            if (s_entries.TryGetValue(key, out Entry? entry))
            {
                entry.References++;
                entry.Limiter.State(limits);
                return entry.Limiter;
            }

            var limiter = new JinaRateLimiter($"{key.Item1}, key sha256:{key.Item2}", timeProvider, limits);
            s_entries[key] = new Entry(limiter);
            return limiter;
        }
    }

    /// <summary>Gives back a limiter <see cref="Acquire"/> returned; the last release disposes it.</summary>
    public static void Release(JinaRateLimiter limiter)
    {
        lock (s_lock)
        {
            foreach (var (key, entry) in s_entries)
            {
                if (ReferenceEquals(entry.Limiter, limiter))
                {
                    if (--entry.References == 0)
                    {
                        s_entries.Remove(key);
                        limiter.Dispose();
                    }

                    return;
                }
            }
        }
    }

    // Sixteen hex digits of the key's SHA-256: enough to tell keys apart, nothing to recover a key from.
    private static string HashKey(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), 0, 8);

    private sealed class Entry(JinaRateLimiter limiter)
    {
        public JinaRateLimiter Limiter { get; } = limiter;

        public int References { get; set; } = 1;
    }
}
