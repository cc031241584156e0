using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task GenerateAsync_TransientServerError_IsRetried(int status)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> delays);
        emulator.Faults.EnqueueServerErrors(2, status);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        Assert.Single(result);
        Assert.Equal([status, status, 200], emulator.Requests.Select(r => r.StatusCode));
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithRetryAfterSeconds_WaitsThatLong()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> delays);
        emulator.Faults.EnqueueRateLimits(2, retryAfter: "7");

        await generator.GenerateAsync(["text"]);

        Assert.Equal([429, 429, 200], emulator.Requests.Select(r => r.StatusCode));
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], delays);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithRetryAfterDate_WaitsUntilThen()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> delays);
        string date = DateTimeOffset.UtcNow.AddSeconds(90).ToString("R", CultureInfo.InvariantCulture);
        emulator.Faults.EnqueueRateLimits(1, retryAfter: date);

        await generator.GenerateAsync(["text"]);

        TimeSpan delay = Assert.Single(delays);
        Assert.InRange(delay, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(91));
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithoutRetryAfter_BacksOffExponentially()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> delays, o => o.RetryBaseDelay = TimeSpan.FromSeconds(1));
        emulator.Faults.EnqueueRateLimits(4, retryAfter: null);

        await generator.GenerateAsync(["text"]);

        TimeSpan[] waits = [.. delays];
        Assert.Equal(4, waits.Length);
        for (int attempt = 0; attempt < waits.Length; attempt++)
        {
            double full = Math.Pow(2, attempt);
            Assert.InRange(waits[attempt].TotalSeconds, full / 2, full);
        }
    }

    [Fact]
    public async Task GenerateAsync_MoreFailuresThanMaxRetries_ThrowsTheLastError()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxRetries = 2);
        emulator.Faults.EnqueueRateLimits(5);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal("RATE_REQUEST_LIMIT_EXCEEDED", ex.ErrorCode);
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
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> delays);
        emulator.Faults.EnqueueResponse(status, $$"""{"detail":"refused","code":"{{code}}","request_id":"r-1"}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Single(emulator.Requests);
        Assert.Empty(delays);
        Assert.DoesNotContain("LateChunker", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("This request carried", ex.Message, StringComparison.Ordinal);
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
        using var generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = "k", MaxRetries = 2 }, httpClient)
        {
            DelayAsync = (_, _) => Task.CompletedTask,
        };

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
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> delays, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(100);
            o.MaxRetries = 1;
        });

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(["text"]));

        Assert.Contains("RequestTimeout (00:00:00.1000000)", ex.Message, StringComparison.Ordinal);
        Assert.Single(delays);
    }

    [Fact]
    public async Task GenerateAsync_HttpClientTimeoutFires_CountsAsATimeoutNotACancellation()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromSeconds(10);
        using var httpClient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(100) };
        var delays = new ConcurrentQueue<TimeSpan>();
        using var generator = new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o => o.MaxRetries = 1), httpClient)
        {
            DelayAsync = (delay, token) =>
            {
                delays.Enqueue(delay);
                return Task.CompletedTask;
            },
        };

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(["text"]));

        Assert.Single(delays);
        Assert.Contains("HttpClient's Timeout (00:00:00.1000000)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("00:01:40", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_TimeoutThenSuccess_ReturnsTheVectors()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromSeconds(10);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, out ConcurrentQueue<TimeSpan> _, o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));
        generator.DelayAsync = (delay, token) =>
        {
            emulator.Faults.Latency = TimeSpan.Zero;
            return Task.CompletedTask;
        };

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        Assert.Single(result);
    }

    [Fact]
    public async Task GenerateAsync_CancelledDuringBackoff_StopsAtOnce()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var cts = new CancellationTokenSource();
        using JinaEmbeddingGenerator generator = new(TestGenerators.Options(emulator))
        {
            DelayAsync = async (delay, token) =>
            {
                await cts.CancelAsync();
                await Task.Delay(TimeSpan.FromMinutes(5), token);
            },
        };
        emulator.Faults.EnqueueRateLimits(1, retryAfter: "300");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["text"], cancellationToken: cts.Token));

        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_DefaultBackoff_UsesTaskDelayWithTheCallersToken()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var generator = new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o => o.RetryBaseDelay = TimeSpan.FromHours(1)));
        emulator.Faults.EnqueueServerErrors(1);
        using var cts = new CancellationTokenSource();

        Task call = generator.GenerateAsync(["text"], cancellationToken: cts.Token);
        while (emulator.Requests.Count == 0)
        {
            await Task.Delay(10);
        }

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
