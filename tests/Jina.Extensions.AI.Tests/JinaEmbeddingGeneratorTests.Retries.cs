using System.Globalization;
using System.Net;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task GenerateAsync_TransientServerError_IsRetried(int status)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueServerErrors(2, status);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        Assert.Single(result);
        Assert.Equal([status, status, 200], emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithRetryAfterSeconds_WaitsThatLong()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.TimeProvider = time);
        emulator.Faults.EnqueueRateLimits(2, retryAfter: "7");

        await time.RunAsync(emulator, generator.GenerateAsync(["text"]), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1));

        JinaApiEmulatorRequest[] requests = [.. emulator.Requests];
        Assert.Equal([429, 429, 200], requests.Select(r => r.StatusCode));
        Assert.InRange(requests[1].ReceivedAt - requests[0].ReceivedAt, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(8));
        Assert.InRange(requests[2].ReceivedAt - requests[1].ReceivedAt, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithRetryAfterDate_WaitsUntilThen()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.TimeProvider = time);
        string date = time.GetUtcNow().AddSeconds(90).ToString("R", CultureInfo.InvariantCulture);
        emulator.Faults.EnqueueRateLimits(1, retryAfter: date);

        await time.RunAsync(emulator, generator.GenerateAsync(["text"]), s_second, TimeSpan.FromMinutes(2));

        JinaApiEmulatorRequest[] requests = [.. emulator.Requests];
        Assert.Equal([429, 200], requests.Select(r => r.StatusCode));
        Assert.InRange(requests[1].ReceivedAt - requests[0].ReceivedAt, TimeSpan.FromSeconds(89), TimeSpan.FromSeconds(93));
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithNothingToLearn_BacksOffExponentially()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.TimeProvider = time;
            o.RetryBaseDelay = s_second;
        });
        emulator.Faults.EnqueueRateLimits(4, code: "RATE_IP_LIMIT_EXCEEDED");

        await time.RunAsync(emulator, generator.GenerateAsync(["text"]), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));

        JinaApiEmulatorRequest[] requests = [.. emulator.Requests];
        Assert.Equal([429, 429, 429, 429, 200], requests.Select(r => r.StatusCode));
        for (int attempt = 0; attempt < 4; attempt++)
        {
            double full = Math.Pow(2, attempt);
            double waited = (requests[attempt + 1].ReceivedAt - requests[attempt].ReceivedAt).TotalSeconds;
            Assert.InRange(waited, full / 2, full + 0.25);
        }
    }

    [Fact]
    public async Task GenerateAsync_TokenLimit429WithoutRetryAfter_WaitsPastThirtySecondsForTheWindowAndSucceeds()
    {
        // The key's minute is already spent (by another process), and the service sends no Retry-After.
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time, o => o.RateLimits = new JinaApiEmulatorRateLimits { TokensPerWindow = 1000 });
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.TimeProvider = time);
        using (var other = new HttpClient())
        using (var spend = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Endpoint, "embeddings")))
        {
            spend.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", emulator.ApiKey);
            spend.Content = new StringContent(
                System.Text.Json.JsonSerializer.Serialize(new { model = "jina-embeddings-v3", input = new[] { string.Join(' ', Enumerable.Repeat("word", 900)) } }),
                System.Text.Encoding.UTF8,
                "application/json");
            using HttpResponseMessage spent = await other.SendAsync(spend);
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }

        Task<GeneratedEmbeddings<Embedding<float>>> second = generator.GenerateAsync([string.Join(' ', Enumerable.Repeat("word", 200))]);
        await TestGenerators.WaitUntilAsync(() => emulator.Requests.Count == 2);
        time.Advance(TimeSpan.FromSeconds(31));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        Assert.Equal(2, emulator.Requests.Count);

        GeneratedEmbeddings<Embedding<float>> result = await time.RunAsync(emulator, second, s_second, TimeSpan.FromMinutes(3));

        JinaApiEmulatorRequest[] requests = [.. emulator.Requests];
        Assert.Single(result);
        Assert.Equal([200, 429, 200], requests.Select(r => r.StatusCode));
        Assert.Equal("RATE_TOKEN_LIMIT_EXCEEDED", requests[1].ErrorCode);
        Assert.True(requests[2].ReceivedAt - requests[1].ReceivedAt > TimeSpan.FromSeconds(30), $"retried after {requests[2].ReceivedAt - requests[1].ReceivedAt}");
        Assert.Equal(1000, generator.Client.Limiter.TokenLimit);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedPastMaxRateLimitWait_ThrowsTheRefusalWithAdvice()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.TimeProvider = time;
            o.MaxRateLimitWait = TimeSpan.FromSeconds(75);
        });
        emulator.Faults.EnqueueRateLimits(10, retryAfter: "30");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => time.RunAsync(emulator, generator.GenerateAsync(["text"]), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal("RATE_REQUEST_LIMIT_EXCEEDED", ex.ErrorCode);
        Assert.Contains("MaxRateLimitWait (00:01:15)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RequestsPerMinute", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, emulator.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_MoreServerErrorsThanMaxRetries_ThrowsTheLastError()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxRetries = 2);
        emulator.Faults.EnqueueServerErrors(5);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("SERVICE_UNAVAILABLE", ex.ErrorCode);
        Assert.Equal(3, emulator.Requests.Count);
    }

    [Theory]
    [InlineData(400, "INPUT_TOKEN_LIMIT_EXCEEDED")]
    [InlineData(401, "AUTH_INVALID_API_KEY")]
    [InlineData(403, "AUTHZ_INSUFFICIENT_BALANCE")]
    [InlineData(422, "VALIDATION_ERROR")]
    public async Task GenerateAsync_ClientError_IsNeverRetried(int status, string code)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(status, $$"""{"detail":"refused","code":"{{code}}","request_id":"r-1"}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Single(emulator.Requests);
        Assert.DoesNotContain("late-chunked", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("This request carried", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(402)]
    [InlineData(403)]
    public async Task GenerateAsync_BalanceUsedUp_IsNotRetriedAndSaysHowToTopUp(int status)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueInsufficientBalance(1, status);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Single(emulator.Requests);
        Assert.Contains("balance is used up", ex.Message, StringComparison.Ordinal);
        Assert.Contains("top it up at https://jina.ai/api-dashboard", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("emu-", ex.RequestId, StringComparison.Ordinal);
        Assert.DoesNotContain("[RID:", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_AbortedConnections_AreRetried()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueAbortedConnections(2);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        Assert.Single(result);
        Assert.Equal([0, 0, 200], emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task GenerateAsync_ConnectionsKeepFailing_ThrowsHttpRequestException()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxRetries = 1);
        emulator.Faults.EnqueueAbortedConnections(2);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["text"]));

        Assert.Contains("2 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Theory]
    [InlineData(HttpRequestError.SecureConnectionError, 1)]
    [InlineData(HttpRequestError.UserAuthenticationError, 1)]
    [InlineData(HttpRequestError.ConnectionError, 3)]
    [InlineData(HttpRequestError.ResponseEnded, 3)]
    public async Task GenerateAsync_ConnectionFailure_IsRetriedOnlyWhenWaitingCanHelp(HttpRequestError error, int expectedAttempts)
    {
        using var handler = new FailingHandler(error);
        using var httpClient = new HttpClient(handler);
        using var generator = new JinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = "k", MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) }, httpClient);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(expectedAttempts, handler.Attempts);
        Assert.Equal(error, ex.HttpRequestError);
        Assert.Contains($"{expectedAttempts} attempts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_AttemptTimesOut_IsRetriedThenThrowsTimeout()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromSeconds(10);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(100);
            o.MaxRetries = 1;
        });

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(["text"]));

        Assert.Contains("RequestTimeout (00:00:00.1000000)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_HttpClientTimeoutFires_CountsAsATimeoutNotACancellation()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromSeconds(10);
        using var httpClient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(100) };
        using var generator = new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o => o.MaxRetries = 1), httpClient);

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(["text"]));

        Assert.Contains("2 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HttpClient's Timeout (00:00:00.1000000)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("00:01:40", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_TimeoutThenSuccess_ReturnsTheVectors()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueSlowResponses(1, TimeSpan.FromSeconds(10));
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        Assert.Single(result);
        Assert.Equal(0, emulator.Faults.Pending);
    }

    [Fact]
    public async Task GenerateAsync_CancelledDuringBackoff_StopsAtOnce()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time);
        using var cts = new CancellationTokenSource();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.TimeProvider = time);
        emulator.Faults.EnqueueRateLimits(1, retryAfter: "100");

        Task call = generator.GenerateAsync(["text"], cancellationToken: cts.Token);
        await TestGenerators.WaitUntilAsync(() => emulator.Requests.Count == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_DefaultBackoff_UsesTheSystemClockWithTheCallersToken()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var generator = new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o => o.RetryBaseDelay = TimeSpan.FromHours(1)));
        emulator.Faults.EnqueueServerErrors(1);
        using var cts = new CancellationTokenSource();

        Task call = generator.GenerateAsync(["text"], cancellationToken: cts.Token);
        await TestGenerators.WaitUntilAsync(() => emulator.Requests.Count == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(emulator.Requests);
    }

    /// <summary>Fails every request the way a socket or TLS layer does, without any network.</summary>
    private sealed class FailingHandler(HttpRequestError error) : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new HttpRequestException(error, $"Simulated {error}.");
        }
    }
}
