using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;

namespace Jina.Extensions.AI;

/// <summary>Paces the requests of one API key at one endpoint: requests per window, tokens per window and requests in flight.</summary>
/// <remarks>
/// <para>
/// One instance is shared by every client of the process that uses the same key and endpoint (<see cref="JinaRateLimiterRegistry"/>),
/// so an application's ingestion and its live queries queue in one line instead of stampeding the key. It is built on
/// System.Threading.RateLimiting: a <see cref="ConcurrencyLimiter"/> for requests in flight and two
/// <see cref="SlidingWindowRateLimiter"/>s for requests and tokens, replenished by a timer of the given
/// <see cref="TimeProvider"/>, so that tests can run minutes of waiting on a fake clock.
/// </para>
/// <para>
/// Limits the user states are used from the start. Otherwise they are learned: from <c>X-RateLimit-Remaining-*</c> (what is
/// left now plus what this process used in the last window bounds the limit from above), from the limit a 429 quotes
/// ("1200/1000 tokens per minute"), and for requests in flight from <c>RATE_CONCURRENCY_LIMIT_EXCEEDED</c>, which lowers the
/// concurrency at once and lets it grow back by one at a time while requests queue and none is refused.
/// </para>
/// <para>
/// The windows count a permit for a full window and one segment, so that no interval of one window, aligned with the
/// service's minute or not, carries more than the limit; the price is 1/<see cref="SegmentsPerWindow"/> of the ceiling.
/// Token permits are the caller's estimates scaled by what the service has been charging for them (<c>usage.total_tokens</c>).
/// </para>
/// </remarks>
internal sealed class JinaRateLimiter : IDisposable
{
    /// <summary>The segments a window is slid in; a permit comes back after this many and one more.</summary>
    public const int SegmentsPerWindow = 40;

    /// <summary>The most requests in flight the limiter can allow; the tier with the most (tier 2) allows 500.</summary>
    public const int ConcurrencyCeiling = 512;

    /// <summary>The requests in flight a key starts with when none are stated: what free keys allow in practice.</summary>
    public const int DefaultConcurrency = 2;

    // Token permits are taken with a small margin over the calibrated estimate, so that an estimate a little short of the service's count does not overrun.
    private const double TokenMargin = 1.02;

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly WindowBudget _requests;
    private readonly WindowBudget _tokens;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly Stack<RateLimitLease> _held = new();
    private int _pendingHolds;
    private int _target;
    private int _cap;
    private int _successesAtTarget;
    private double _chargedTokens;
    private double _estimatedTokens;
    private int _ticks;
    private bool _disposed;

    public JinaRateLimiter(string name, TimeProvider timeProvider, JinaRateLimits limits)
    {
        Name = name;
        _time = timeProvider;
        Window = limits.Window;
        _requests = new WindowBudget(limits.RequestsPerWindow);
        _tokens = new WindowBudget(limits.TokensPerWindow);
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = ConcurrencyCeiling,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        // The ceiling's permits beyond the target are held back; lowering holds more, raising gives one back.
        _cap = Math.Clamp(limits.ConcurrentRequests ?? ConcurrencyCeiling, 1, ConcurrencyCeiling);
        _target = Math.Clamp(limits.ConcurrentRequests ?? DefaultConcurrency, 1, ConcurrencyCeiling);
        for (int i = _target; i < ConcurrencyCeiling; i++)
        {
            _held.Push(_concurrency.AttemptAcquire(1));
        }

        TimeSpan period = TimeSpan.FromTicks(Math.Max(1, Window.Ticks / SegmentsPerWindow));
        _timer = _time.CreateTimer(static state => ((JinaRateLimiter)state!).Tick(), this, period, period);
    }

    /// <summary>Gets the endpoint and the hash of the key, for display; never the key.</summary>
    public string Name { get; }

    /// <summary>Gets the window the service counts requests and tokens over.</summary>
    public TimeSpan Window { get; }

    /// <summary>Gets the requests in flight the limiter allows now.</summary>
    public int ConcurrencyTarget
    {
        get
        {
            lock (_lock)
            {
                return _target;
            }
        }
    }

    /// <summary>Gets the requests per window the limiter paces to, or <see langword="null"/> while none is known.</summary>
    public long? RequestLimit => _requests.Limit;

    /// <summary>Gets the tokens per window the limiter paces to, or <see langword="null"/> while none is known.</summary>
    public long? TokenLimit => _tokens.Limit;

    /// <summary>Gets the tokens the service charged per token estimated, as learned from responses (1 before any).</summary>
    public double TokenRatio
    {
        get
        {
            lock (_lock)
            {
                return _estimatedTokens > 0 ? Math.Clamp(_chargedTokens / _estimatedTokens, 0.05, 20) : 1;
            }
        }
    }

    /// <summary>Applies limits a user states, on top of what is known: the smaller of two stated limits wins.</summary>
    public void State(JinaRateLimits limits)
    {
        if (limits.RequestsPerWindow is { } requests)
        {
            _requests.State(requests);
        }

        if (limits.TokensPerWindow is { } tokens)
        {
            _tokens.State(tokens);
        }

        if (limits.ConcurrentRequests is { } concurrent)
        {
            lock (_lock)
            {
                _cap = Math.Min(_cap, Math.Clamp(concurrent, 1, ConcurrencyCeiling));
                SetTargetLocked(_cap);
            }
        }
    }

    /// <summary>Waits until a request of about <paramref name="estimatedTokens"/> tokens may be sent: a slot, a request and its tokens.</summary>
    /// <returns>The lease; dispose it when the response is read.</returns>
    public async ValueTask<Lease> AcquireAsync(long estimatedTokens, CancellationToken cancellationToken)
    {
        // The slot first, so that the window permits are taken right before the request leaves, as the service counts them.
        RateLimitLease slot = await _concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            throw new ObjectDisposedException(nameof(JinaRateLimiter));
        }

        try
        {
            bool queued = _concurrency.GetStatistics()?.CurrentQueuedCount > 0;
            await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            long permits = estimatedTokens <= 0 ? 0 : (long)Math.Ceiling(estimatedTokens * TokenRatio * TokenMargin);
            await _tokens.AcquireAsync(permits, cancellationToken).ConfigureAwait(false);
            return new Lease(this, slot, estimatedTokens, permits, queued);
        }
        catch
        {
            ReturnSlot(slot);
            throw;
        }
    }

    /// <summary>Learns from a successful response: what its tokens cost, what the service says is left, and that the concurrency held.</summary>
    public void OnSuccess(Lease lease, HttpResponseHeaders headers, long? chargedTokens)
    {
        if (chargedTokens is { } charged and > 0 && lease.EstimatedTokens > 0)
        {
            lock (_lock)
            {
                // Recent responses weigh most: a long run moves from one kind of text to another.
                _chargedTokens = (_chargedTokens * 0.9) + charged;
                _estimatedTokens = (_estimatedTokens * 0.9) + lease.EstimatedTokens;
            }

            if (charged > lease.TokenPermits)
            {
                // The service charged more than was set aside: count the rest, so the window stays honest.
                _tokens.TryTake(charged - lease.TokenPermits);
            }
        }

        if (ReadHeader(headers, "X-RateLimit-Remaining-Requests") is { } requestsLeft)
        {
            _requests.Observe(requestsLeft);
        }

        if (ReadHeader(headers, "X-RateLimit-Remaining-Tokens") is { } tokensLeft)
        {
            _tokens.Observe(tokensLeft);
        }

        lock (_lock)
        {
            // Grow back one at a time, and only while requests wait for a slot: a key that is not busy learns nothing.
            if (_target < _cap && lease.Queued && ++_successesAtTarget >= _target * 4)
            {
                SetTargetLocked(_target + 1);
            }
        }
    }

    /// <summary>Learns from a 429 and says how long to wait before the request is sent again.</summary>
    /// <returns>The wait, <see cref="TimeSpan.Zero"/> when the limiter's own pacing is the wait, or <see langword="null"/> to back off.</returns>
    public TimeSpan? OnRateLimited(JinaApiError error, TimeSpan? retryAfter)
    {
        switch (error.Code)
        {
            case JinaErrorParser.TokenRateLimitCode:
                return Refused(_tokens, JinaErrorParser.TryGetRateLimit(error.Detail, "tokens"), retryAfter);
            case JinaErrorParser.RequestLimitCode:
                return Refused(_requests, JinaErrorParser.TryGetRateLimit(error.Detail, "requests"), retryAfter);
            case JinaErrorParser.ConcurrencyLimitCode:
                long? stated = JinaErrorParser.TryGetRateLimit(error.Detail, "concurrent");
                lock (_lock)
                {
                    int limit = (int)Math.Clamp(stated ?? ConcurrencyCeiling, 1, ConcurrencyCeiling);
                    _cap = Math.Min(_cap, limit);

                    // Lower to what the service states; when it already was there, others share the key: one fewer.
                    SetTargetLocked(Math.Max(1, limit < _target ? limit : _target - 1));
                }

                return retryAfter;
            default:
                // RATE_IP_LIMIT_EXCEEDED, a gateway's 429 or one without a code: nothing to learn but the wait.
                return retryAfter;
        }
    }

    // A gateway's Retry-After is the wait; without one the service's window is full until it rolls, at an unknown moment
    // within a window, so the limiter's own window is filled and its pacing is the wait. The quoted limit is learned either way.
    private static TimeSpan Refused(WindowBudget budget, long? statedLimit, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            if (statedLimit is { } limit)
            {
                budget.Refused(limit, fill: false);
            }

            return wait;
        }

        budget.Refused(statedLimit, fill: true);
        return TimeSpan.Zero;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"JinaRateLimiter {{ {Name}, requests/window = {RequestLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, tokens/window = {TokenLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, in flight = {ConcurrencyTarget} }}");

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_held.TryPop(out RateLimitLease? lease))
            {
                lease.Dispose();
            }
        }

        _timer.Dispose();
        _requests.Dispose();
        _tokens.Dispose();
        _concurrency.Dispose();
    }

    private static long? ReadHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) &&
        long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : null;

    private void SetTargetLocked(int target)
    {
        _successesAtTarget = 0;
        while (_target > target)
        {
            // The next slots to come back are held instead of handed out.
            _target--;
            _pendingHolds++;
        }

        while (_target < target)
        {
            _target++;
            if (_pendingHolds > 0)
            {
                _pendingHolds--;
            }
            else if (_held.TryPop(out RateLimitLease? lease))
            {
                lease.Dispose();
            }
        }
    }

    private void ReturnSlot(RateLimitLease slot)
    {
        lock (_lock)
        {
            if (_pendingHolds > 0 && !_disposed)
            {
                _pendingHolds--;
                _held.Push(slot);
                return;
            }
        }

        slot.Dispose();
    }

    private void Tick()
    {
        _requests.Replenish();
        _tokens.Replenish();
        if (Interlocked.Increment(ref _ticks) % SegmentsPerWindow == 0)
        {
            _requests.RollWindow();
            _tokens.RollWindow();
        }
    }

    /// <summary>A request's claim on the limiter: its slot, until disposed, and what it was charged in the windows.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly JinaRateLimiter _owner;
        private RateLimitLease? _slot;

        public Lease(JinaRateLimiter owner, RateLimitLease slot, long estimatedTokens, long tokenPermits, bool queued)
        {
            _owner = owner;
            _slot = slot;
            EstimatedTokens = estimatedTokens;
            TokenPermits = tokenPermits;
            Queued = queued;
        }

        public long EstimatedTokens { get; }

        public long TokenPermits { get; }

        public bool Queued { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _slot, null) is { } slot)
            {
                _owner.ReturnSlot(slot);
            }
        }
    }

    /// <summary>A per-window budget (requests or tokens) on a sliding window that the owner's timer slides one segment per tick.</summary>
    private sealed class WindowBudget : IDisposable
    {
        private readonly Lock _lock = new();
        private SlidingBudget _current;
        private long? _ceiling;
        private bool _fromHeaders;
        private long _lowestBound = long.MaxValue;

        public WindowBudget(long? stated)
        {
            _ceiling = stated;
            Limit = stated;
            _current = new SlidingBudget(stated);
        }

        public long? Limit { get; private set; }

        public async ValueTask AcquireAsync(long amount, CancellationToken cancellationToken)
        {
            while (amount > 0)
            {
                SlidingBudget window = Volatile.Read(ref _current);

                // A request larger than a whole window takes the whole window.
                int permits = (int)Math.Min(amount, window.Capacity);
                RateLimitLease lease;
                try
                {
                    lease = await window.Limiter.AcquireAsync(permits, cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException) when (!ReferenceEquals(window, Volatile.Read(ref _current)))
                {
                    continue;
                }

                using (lease)
                {
                    if (lease.IsAcquired)
                    {
                        return;
                    }
                }

                // The limit changed while this request waited: the old window failed its queue, so wait in the new one.
                if (ReferenceEquals(window, Volatile.Read(ref _current)))
                {
                    throw new ObjectDisposedException(nameof(JinaRateLimiter));
                }
            }
        }

        public void TryTake(long amount)
        {
            SlidingBudget window = Volatile.Read(ref _current);
            int permits = (int)Math.Min(amount, window.Available);
            if (permits > 0)
            {
                window.Limiter.AttemptAcquire(permits).Dispose();
            }
        }

        public void Replenish() => Volatile.Read(ref _current).Limiter.TryReplenish();

        public void State(long limit)
        {
            lock (_lock)
            {
                _ceiling = _ceiling is { } c ? Math.Min(c, limit) : limit;
                if (Limit is null || Limit > _ceiling)
                {
                    SetLimitLocked(_ceiling.Value, fill: false);
                }
            }
        }

        // What is left now, plus what this process used in the last window, is at least the limit (at most, when others share the key).
        public void Observe(long remaining)
        {
            lock (_lock)
            {
                long bound = Math.Max(1, _current.Used + remaining);
                _lowestBound = Math.Min(_lowestBound, bound);
                long limit = _ceiling is { } c ? Math.Min(c, bound) : bound;
                if (Limit is null || limit < Limit * 0.98)
                {
                    _fromHeaders = true;
                    SetLimitLocked(limit, fill: false);
                }
            }
        }

        // The service refused: its window is full until it rolls, at an unknown moment within a window, so this one is filled too.
        public void Refused(long? statedLimit, bool fill)
        {
            lock (_lock)
            {
                if (statedLimit is { } stated)
                {
                    _ceiling = _ceiling is { } c ? Math.Min(c, stated) : stated;
                }

                long limit = statedLimit ?? Math.Max(1, Math.Min(_current.Used, Limit ?? long.MaxValue));
                limit = _ceiling is { } ceiling ? Math.Min(ceiling, limit) : limit;
                _fromHeaders = false;
                SetLimitLocked(limit, fill);
            }
        }

        // Once a window, a limit learned from headers may rise again to the lowest bound the window saw (another user of the key may have stopped).
        public void RollWindow()
        {
            lock (_lock)
            {
                long bound = _lowestBound;
                _lowestBound = long.MaxValue;
                if (_fromHeaders && bound != long.MaxValue && Limit is { } limit && bound > limit * 1.02)
                {
                    SetLimitLocked(_ceiling is { } c ? Math.Min(c, bound) : bound, fill: false);
                }
            }
        }

        public void Dispose() => Volatile.Read(ref _current).Limiter.Dispose();

        private void SetLimitLocked(long limit, bool fill)
        {
            SlidingBudget old = _current;
            var next = new SlidingBudget(limit);
            long carried = fill ? next.Capacity : Math.Min(old.Used, next.Capacity);
            if (carried > 0)
            {
                // What was already sent counts against the new limit (conservatively, as if sent now).
                next.Limiter.AttemptAcquire((int)carried).Dispose();
            }

            Limit = limit;
            Volatile.Write(ref _current, next);
            old.Limiter.Dispose();
        }
    }

    /// <summary>One sliding window and its permit limit (the limiter does not expose it).</summary>
    private sealed class SlidingBudget
    {
        public SlidingBudget(long? limit)
        {
            Capacity = (int)Math.Clamp(limit ?? int.MaxValue, 1, int.MaxValue);
            Limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = Capacity,
                SegmentsPerWindow = SegmentsPerWindow + 1,

                // The window is slid by the owner's timer (one segment per tick) so that it runs on the TimeProvider's clock;
                // the limiter's own period is a single tick, so that each TryReplenish slides one segment.
                Window = TimeSpan.FromTicks(SegmentsPerWindow + 1),
                AutoReplenishment = false,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        public SlidingWindowRateLimiter Limiter { get; }

        public int Capacity { get; }

        public long Available => Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

        public long Used => Capacity - Available;
    }
}
