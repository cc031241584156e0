using System.Globalization;

namespace Jina.Testing;

/// <summary>The key's rate limits: fixed windows for requests and tokens, and a count of requests in flight.</summary>
public sealed partial class JinaApiEmulator
{
    private readonly KeyLimits? _limits;

    private readonly record struct Admission(bool Counted, string? RefusedCode, string? RefusedDetail, int? RemainingRequests, long? RemainingTokens)
    {
        public static Admission Unlimited => default;
    }

    /// <summary>One key's counters. A request over any limit is refused and not counted, as the live service answers it.</summary>
    private sealed class KeyLimits(JinaApiEmulatorRateLimits limits, TimeProvider time)
    {
        private readonly DateTimeOffset _start = time.GetUtcNow();
        private readonly TimeSpan _window = limits.Window > TimeSpan.Zero ? limits.Window : TimeSpan.FromMinutes(1);
        private readonly int? _requestLimit = limits.RequestsPerWindow;
        private readonly long? _tokenLimit = limits.TokensPerWindow;
        private readonly int? _concurrencyLimit = limits.ConcurrentRequests;
        private readonly Lock _lock = new();
        private long _currentWindow;
        private int _requests;
        private long _tokens;
        private int _inFlight;

        public long WindowAt(DateTimeOffset now) => Math.Max(0, (now - _start).Ticks / _window.Ticks);

        public Admission TryAdmit(int tokens)
        {
            lock (_lock)
            {
                long window = WindowAt(time.GetUtcNow());
                if (window != _currentWindow)
                {
                    // The window rolled: the counts start again, as a per-minute limit does when the minute turns.
                    _currentWindow = window;
                    _requests = 0;
                    _tokens = 0;
                }

                if (_concurrencyLimit is { } concurrent && _inFlight + 1 > concurrent)
                {
                    return Refuse("RATE_CONCURRENCY_LIMIT_EXCEEDED", $"{_inFlight + 1}/{concurrent} concurrent requests");
                }

                if (_requestLimit is { } requests && _requests + 1 > requests)
                {
                    return Refuse("RATE_REQUEST_LIMIT_EXCEEDED", $"{_requests + 1}/{requests} requests per minute");
                }

                if (_tokenLimit is { } limit && _tokens + tokens > limit)
                {
                    return Refuse("RATE_TOKEN_LIMIT_EXCEEDED", $"{_tokens + tokens}/{limit} tokens per minute");
                }

                _inFlight++;
                _requests++;
                _tokens += tokens;
                return new Admission(true, null, null, _requestLimit - _requests, _tokenLimit - _tokens);
            }
        }

        public void Release(Admission admission)
        {
            if (!admission.Counted)
            {
                return;
            }

            lock (_lock)
            {
                _inFlight--;
            }
        }

        private static Admission Refuse(string code, FormattableString detail) =>
            new(false, code, detail.ToString(CultureInfo.InvariantCulture), null, null);
    }
}
