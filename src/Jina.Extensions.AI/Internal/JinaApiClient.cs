using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Jina.Extensions.AI;

/// <summary>The wire to the Jina API that every component of this library shares: one request, paced, retried and read.</summary>
/// <remarks>
/// <para>
/// It sends a serialized JSON body to a path under the endpoint with the bearer key, through the process-wide rate limiter of
/// that key and endpoint (<see cref="JinaRateLimiterRegistry"/>), and reads a successful body into a pooled buffer for the
/// caller's reader. It is the one layer that retries: server errors (500, 502, 503, 504), timeouts and dropped connections up
/// to <see cref="JinaApiClientSettings.MaxRetries"/> times with jittered exponential backoff (a <c>Retry-After</c> wins), and
/// 429s until the key's window takes the request, for at most <see cref="JinaApiClientSettings.MaxRateLimitWait"/>. Every
/// other error becomes a <see cref="JinaApiException"/> at once. All waits run on the settings' <see cref="TimeProvider"/>.
/// </para>
/// <para>The key is never part of a message, an exception or <see cref="ToString"/>.</para>
/// </remarks>
internal sealed class JinaApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly JinaApiClientSettings _settings;
    private readonly bool _disposeHttpClient;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="JinaApiClient"/> class.</summary>
    /// <param name="settings">The endpoint, key, retry and rate-limit settings (already validated).</param>
    /// <param name="httpClient">The client to send with (not disposed here), or <see langword="null"/> to create one.</param>
    public JinaApiClient(JinaApiClientSettings settings, HttpClient? httpClient)
    {
        _settings = settings;
        string baseAddress = settings.Endpoint.AbsoluteUri.EndsWith('/') ? settings.Endpoint.AbsoluteUri : settings.Endpoint.AbsoluteUri + "/";
        BaseAddress = new Uri(baseAddress);
        if (httpClient is null)
        {
            // RequestTimeout governs each attempt, so the client itself never times out.
            HttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
            _disposeHttpClient = true;
        }
        else
        {
            HttpClient = httpClient;
        }

        Limiter = JinaRateLimiterRegistry.Acquire(BaseAddress, settings.ApiKey, settings.TimeProvider, settings.RateLimits);
    }

    /// <summary>Gets the API base address, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the HTTP client requests go through.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>Gets the rate limiter shared by every client of the process with this key and endpoint.</summary>
    public JinaRateLimiter Limiter { get; }

    /// <summary>Gets the clock of every wait.</summary>
    public TimeProvider TimeProvider => _settings.TimeProvider;

    /// <summary>Sends <paramref name="body"/> to <c>POST {endpoint}{path}</c> and reads the successful answer.</summary>
    /// <param name="path">The path under the endpoint, such as <c>embeddings</c>.</param>
    /// <param name="body">The serialized JSON body; every retry sends the same bytes.</param>
    /// <param name="estimatedTokens">The caller's estimate of the tokens the request costs, for the key's token budget (0 for none).</param>
    /// <param name="read">Reads a successful body; it reports <see cref="JinaApiResponse.ChargedTokens"/> when the body says.</param>
    /// <param name="hint">Adds what only the caller knows to an error's message, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public Task<T> PostAsync<T>(string path, byte[] body, long estimatedTokens, JinaResponseReader<T> read, Func<JinaApiError, string?>? hint, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, estimatedTokens, read, hint, cancellationToken);

    /// <summary>Reads <c>GET {endpoint}{path}</c>.</summary>
    public Task<T> GetAsync<T>(string path, JinaResponseReader<T> read, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, 0, read, null, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        JinaRateLimiterRegistry.Release(Limiter);
        if (_disposeHttpClient)
        {
            HttpClient.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(JinaApiClient)} {{ Endpoint = {BaseAddress} }}";

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, byte[]? body, long estimatedTokens, JinaResponseReader<T> read, Func<JinaApiError, string?>? hint, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseAddress, path);
        var retries = new RetryState();
        while (true)
        {
            JinaRateLimiter.Lease lease = await AcquireAsync(estimatedTokens, retries.Deadline, retries.Refusal, hint, cancellationToken).ConfigureAwait(false);
            TimeSpan wait;
            retries.Attempts++;
            try
            {
                using CancellationTokenSource? timeout = _settings.RequestTimeout == Timeout.InfiniteTimeSpan
                    ? null
                    : new CancellationTokenSource(_settings.RequestTimeout, _settings.TimeProvider);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);
                try
                {
                    using HttpRequestMessage message = CreateRequest(method, uri, body);
                    using HttpResponseMessage response = await HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return await ReadSuccessAsync(response, lease, read, attempt.Token).ConfigureAwait(false);
                    }

                    wait = await WaitAfterErrorAsync(response, retries, hint, attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    wait = WaitAfterTimeout(retries, timeout, ex);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    wait = WaitAfterConnectionFailure(retries, ex);
                }
            }
            finally
            {
                lease.Dispose();
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _settings.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? body)
    {
        var message = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = s_jsonContentType;
        }

        message.Headers.Accept.Add(s_acceptJson);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.ApiKey);
        return message;
    }

    // An error answer: a 429 waits for the key's window (up to MaxRateLimitWait from the first refusal), a transient server
    // error is retried up to MaxRetries, and anything else throws at once.
    private async Task<TimeSpan> WaitAfterErrorAsync(HttpResponseMessage response, RetryState retries, Func<JinaApiError, string?>? hint, CancellationToken cancellationToken)
    {
        string errorBody = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        JinaApiError error = JinaErrorParser.Parse(
            response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType, response.Headers, errorBody, _settings.ApiKey);
        TimeSpan? retryAfter = GetRetryAfter(response.Headers.RetryAfter);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            retries.Refusal = error;
            DateTimeOffset now = _settings.TimeProvider.GetUtcNow();
            retries.Deadline ??= now + _settings.MaxRateLimitWait;
            TimeSpan wait = Limiter.OnRateLimited(error, retryAfter) ?? Backoff(retries.Refusals++, Limiter.Window);
            return now + wait > retries.Deadline ? throw GiveUp(error, hint) : wait;
        }

        if (!error.IsInsufficientBalance && IsTransient(response.StatusCode) && retries.Failures < _settings.MaxRetries)
        {
            return retryAfter ?? Backoff(retries.Failures++, s_maxBackoff);
        }

        throw error.ToException(hint?.Invoke(error));
    }

    // Not the caller's token: the attempt's RequestTimeout fired, or the HttpClient's own Timeout did; name the one that did.
    private TimeSpan WaitAfterTimeout(RetryState retries, CancellationTokenSource? timeout, OperationCanceledException ex)
    {
        string limit = timeout?.IsCancellationRequested == true
            ? Invariant($"RequestTimeout ({_settings.RequestTimeout})")
            : Invariant($"the HttpClient's Timeout ({HttpClient.Timeout}), which is shorter than RequestTimeout");
        if (retries.Failures >= _settings.MaxRetries)
        {
            throw new TimeoutException(
                Invariant($"The Jina API did not answer within {limit} ({retries.Attempts} attempts). Raise it or MaxRetries, or check the network."), ex);
        }

        return Backoff(retries.Failures++, s_maxBackoff);
    }

    // A refused or dropped connection, or a body cut off mid-way, is retried; a failed TLS handshake or proxy authentication is
    // not, because waiting does not change a certificate or a credential.
    private TimeSpan WaitAfterConnectionFailure(RetryState retries, Exception ex)
    {
        HttpRequestError kind = (ex as HttpRequestException)?.HttpRequestError ?? HttpRequestError.Unknown;
        bool permanent = kind is HttpRequestError.SecureConnectionError or HttpRequestError.UserAuthenticationError
            or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError;
        if (permanent || retries.Failures >= _settings.MaxRetries)
        {
            throw new HttpRequestException(kind, Invariant($"The connection to the Jina API failed ({retries.Attempts} attempts): {ex.Message}"), ex);
        }

        return Backoff(retries.Failures++, s_maxBackoff);
    }

    // Pacing before the first attempt has no limit but the caller's token: a long ingestion queues. After a 429 the wait for
    // the window to take the request is bounded by MaxRateLimitWait from the first refusal.
    private async Task<JinaRateLimiter.Lease> AcquireAsync(
        long estimatedTokens, DateTimeOffset? deadline, JinaApiError? refusal, Func<JinaApiError, string?>? hint, CancellationToken cancellationToken)
    {
        if (deadline is null || refusal is null)
        {
            return await Limiter.AcquireAsync(estimatedTokens, cancellationToken).ConfigureAwait(false);
        }

        TimeSpan left = deadline.Value - _settings.TimeProvider.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            throw GiveUp(refusal, hint);
        }

        using var expiry = new CancellationTokenSource(left, _settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            return await Limiter.AcquireAsync(estimatedTokens, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw GiveUp(refusal, hint);
        }
    }

    private JinaApiException GiveUp(JinaApiError error, Func<JinaApiError, string?>? hint) =>
        error.ToException(
            hint?.Invoke(error),
            Invariant($" The key's rate limit did not take the request within MaxRateLimitWait ({_settings.MaxRateLimitWait}). Raise it, or state the key's limits ") +
            "(RequestsPerMinute, TokensPerMinute, MaxConcurrentRequests) so that requests are paced before the service refuses them.");

    private async Task<T> ReadSuccessAsync<T>(HttpResponseMessage response, JinaRateLimiter.Lease lease, JinaResponseReader<T> read, CancellationToken cancellationToken)
    {
        (byte[] payload, int length) = await ReadPooledAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            var info = new JinaApiResponse(response, _settings.ApiKey, _settings.TimeProvider.GetUtcNow());
            T result = read(payload.AsSpan(0, length), info);
            Limiter.OnSuccess(lease, response.Headers, info.ChargedTokens);
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan cap)
    {
        // Exponential with "equal jitter": half fixed, half random, so concurrent clients spread out but never retry at once.
        double baseMs = _settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        double ms = Math.Min(baseMs, Math.Max(cap.TotalMilliseconds, _settings.RetryBaseDelay.TotalMilliseconds));
        return TimeSpan.FromMilliseconds((ms / 2) + (Random.Shared.NextDouble() * ms / 2));
    }

    private TimeSpan? GetRetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            TimeSpan wait = date - _settings.TimeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static bool IsTransient(HttpStatusCode status) => (int)status is 500 or 502 or 503 or 504;

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Error bodies are small; an HTML page from a proxy is cut to what an excerpt needs.
        const int limit = 64 * 1024;
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[limit];
        int total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Reads a success body into a pooled buffer: a 2048 x 1024 response is about 11 MB, read once per request.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The declared length only sizes the first buffer, and only up to what a full response needs: a server or proxy that
        // announces gigabytes must not make the client allocate them before a byte arrives.
        const int maxInitial = 16 * 1024 * 1024;
        long? declared = response.Content.Headers.ContentLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)Math.Min(declared.Value, maxInitial) : 64 * 1024);
        int length = 0;
        try
        {
            using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the attempts of one request have met so far: the counts that bound its retries, and its first 429.</summary>
    private sealed class RetryState
    {
        public int Attempts { get; set; }

        public int Failures { get; set; }

        public int Refusals { get; set; }

        public DateTimeOffset? Deadline { get; set; }

        public JinaApiError? Refusal { get; set; }
    }
}
