using System.Globalization;
using System.Net;
using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Jina.Extensions.AI.Tests.Emulator;

/// <summary>The emulator's per-key rate limits and balance errors, as the live service answers them.</summary>
public sealed partial class JinaApiEmulatorTests
{
    private const string OneInput = """{"model":"jina-embeddings-v3","input":["alpha beta"]}""";

    private static async Task<JinaApiEmulator> StartLimitedAsync(FakeTimeProvider time, JinaApiEmulatorRateLimits limits) =>
        await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { TimeProvider = time, RateLimits = limits });

    [Fact]
    public async Task RateLimits_RequestsPerWindow_Answer429WithTheLiveCodeAndNoRetryAfterUntilTheWindowRolls()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await StartLimitedAsync(time, new JinaApiEmulatorRateLimits { RequestsPerWindow = 2, Window = TimeSpan.FromSeconds(10) });

        var (first, _, firstResponse) = await PostAsync(emulator, OneInput);
        var (second, _, secondResponse) = await PostAsync(emulator, OneInput);
        var (third, body, refused) = await PostAsync(emulator, OneInput);
        time.Advance(TimeSpan.FromSeconds(10));
        var (fourth, _, _) = await PostAsync(emulator, OneInput);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], new[] { first, second, third, fourth });
        Assert.Equal("RATE_REQUEST_LIMIT_EXCEEDED", body.GetProperty("code").GetString());
        Assert.Matches(@"^\[RID: emu-3\] .*3/2 requests per minute$", body.GetProperty("detail").GetString());
        Assert.Null(refused.Headers.RetryAfter);
        Assert.Equal("1", Assert.Single(firstResponse.Headers.GetValues("X-RateLimit-Remaining-Requests")));
        Assert.Equal("0", Assert.Single(secondResponse.Headers.GetValues("X-RateLimit-Remaining-Requests")));
        Assert.False(firstResponse.Headers.Contains("X-RateLimit-Remaining-Tokens"));
        Assert.Equal([0L, 0L, 0L, 1L], emulator.Requests.Select(r => r.Window));
    }

    [Fact]
    public async Task RateLimits_TokensPerWindow_RefuseTheRequestThatWouldPassTheLimitWithoutCountingIt()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await StartLimitedAsync(time, new JinaApiEmulatorRateLimits { TokensPerWindow = 13 });
        int tokens = emulator.CountTokens("alpha beta");

        var (first, _, response) = await PostAsync(emulator, OneInput);
        var (second, _, _) = await PostAsync(emulator, OneInput);
        var (third, body, _) = await PostAsync(emulator, OneInput);

        Assert.Equal(5, tokens);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first, second, third));
        Assert.Equal("8", Assert.Single(response.Headers.GetValues("X-RateLimit-Remaining-Tokens")));
        Assert.Equal("RATE_TOKEN_LIMIT_EXCEEDED", body.GetProperty("code").GetString());
        Assert.EndsWith("15/13 tokens per minute", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The refused request was not counted: a smaller one still fits.
        var (small, _, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""");
        Assert.Equal(HttpStatusCode.OK, small);
    }

    [Fact]
    public async Task RateLimits_ConcurrentRequests_RefuseTheOneOverTheLimitWhileOthersAreInFlight()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await StartLimitedAsync(time, new JinaApiEmulatorRateLimits { ConcurrentRequests = 1 });
        emulator.Faults.EnqueueSlowResponses(1, TimeSpan.FromSeconds(5));

        Task<(HttpStatusCode, JsonElement, HttpResponseMessage)> slow = PostAsync(emulator, OneInput);
        await Task.Delay(200);
        var (refused, body, _) = await PostAsync(emulator, OneInput);
        time.Advance(TimeSpan.FromSeconds(5));
        var (slowStatus, _, _) = await slow;
        var (after, _, _) = await PostAsync(emulator, OneInput);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal("RATE_CONCURRENCY_LIMIT_EXCEEDED", body.GetProperty("code").GetString());
        Assert.EndsWith("2/1 concurrent requests", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (slowStatus, after));
    }

    [Fact]
    public void RateLimits_FreeTier_IsShapedLikeTheFreeTierInPractice()
    {
        JinaApiEmulatorRateLimits free = JinaApiEmulatorRateLimits.FreeTier(TimeSpan.FromSeconds(6));

        Assert.Equal((500, 1_000_000L, 2, TimeSpan.FromSeconds(6)), (free.RequestsPerWindow, free.TokensPerWindow, free.ConcurrentRequests, free.Window));
    }

    [Theory]
    [InlineData(402, null, "InsufficientBalanceError")]
    [InlineData(403, "AUTHZ_INSUFFICIENT_BALANCE", "Insufficient balance")]
    public async Task Faults_InsufficientBalance_AnswersTheStatusTheServiceUses(int status, string? code, string detail)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueInsufficientBalance(1, status);

        var (answered, body, _) = await PostAsync(emulator, OneInput);

        Assert.Equal((HttpStatusCode)status, answered);
        Assert.Equal(code, body.TryGetProperty("code", out JsonElement c) ? c.GetString() : null);
        Assert.Contains(detail, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(status.ToString(CultureInfo.InvariantCulture), emulator.Requests[0].StatusCode.ToString(CultureInfo.InvariantCulture));
    }
}
