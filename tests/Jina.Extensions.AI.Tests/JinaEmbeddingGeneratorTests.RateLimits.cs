using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Jina.Extensions.AI.Tests;

/// <summary>The shared per-key limiter: stated limits pace, unstated ones are learned, and one key's generators queue together.</summary>
public sealed partial class JinaEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_ConcurrencyRefusals_LowerTheConcurrencyToWhatTheServiceStates()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { RateLimits = new() { ConcurrentRequests = 2 } });
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(100);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.MaxConcurrentRequests = 6;
            o.MaxInputsPerRequest = 1;
        });

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(Numbered(24));

        JinaApiEmulatorRequest[] refused = [.. emulator.Requests.Where(r => r.StatusCode == 429)];
        Assert.Equal(24, result.Count);
        Assert.Equal(24, emulator.Requests.Count(r => r.StatusCode == 200));
        Assert.All(refused, r => Assert.Equal("RATE_CONCURRENCY_LIMIT_EXCEEDED", r.ErrorCode));

        // The first burst of six meets a limit of two; after that the client keeps to it.
        Assert.InRange(refused.Length, 1, 5);
        Assert.Equal(2, generator.Client.Limiter.ConcurrencyTarget);
    }

    [Fact]
    public async Task GenerateAsync_TwoGeneratorsOnOneKey_ShareOneLimiterAndNeverExceedTheKeysConcurrency()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { RateLimits = new() { ConcurrentRequests = 1 } });
        await using JinaApiEmulator other = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(40);
        using JinaEmbeddingGenerator ingestion = TestGenerators.Create(emulator, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.MaxInputsPerRequest = 1;
        });
        using JinaEmbeddingGenerator queries = TestGenerators.Create(emulator, o => o.Task = JinaTask.RetrievalQuery);
        using JinaEmbeddingGenerator elsewhere = TestGenerators.Create(other);

        await Task.WhenAll(
            ingestion.GenerateAsync(Numbered(8)),
            Task.WhenAll(Enumerable.Range(0, 8).Select(i => queries.GenerateAsync([$"question {i}"]))));

        Assert.Equal(16, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.Same(ingestion.Client.Limiter, queries.Client.Limiter);
        Assert.NotSame(ingestion.Client.Limiter, elsewhere.Client.Limiter);
    }

    [Fact]
    public async Task Dispose_LastGeneratorOfAKey_ReleasesItsLimiterAndNeverPrintsTheKey()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        JinaRateLimiter first;
        using (JinaEmbeddingGenerator a = TestGenerators.Create(emulator))
        using (JinaEmbeddingGenerator b = TestGenerators.Create(emulator))
        {
            first = a.Client.Limiter;
            Assert.Same(first, b.Client.Limiter);
            Assert.Contains("sha256:", first.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(emulator.ApiKey, first.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(emulator.ApiKey, a.Client.ToString(), StringComparison.Ordinal);
        }

        using JinaEmbeddingGenerator fresh = TestGenerators.Create(emulator);
        Assert.NotSame(first, fresh.Client.Limiter);
    }

    [Fact]
    public async Task GenerateAsync_StatedRequestLimit_PacesRequestsSoThatNoneIsRefused()
    {
        var time = new FakeTimeProvider();
        var window = TimeSpan.FromSeconds(10);
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time, o => o.RateLimits = new() { RequestsPerWindow = 5, Window = window });
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.TimeProvider = time;
            o.RequestsPerMinute = 5;
            o.RateLimitWindow = window;
            o.MaxInputsPerRequest = 1;
        });

        GeneratedEmbeddings<Embedding<float>> result = await time.RunAsync(emulator, generator.GenerateAsync(Numbered(12)), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2));

        Assert.Equal(12, result.Count);
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.All(emulator.Requests.GroupBy(r => r.Window), w => Assert.InRange(w.Count(), 1, 5));
        Assert.Equal(5, generator.Client.Limiter.RequestLimit);
    }

    [Fact]
    public async Task GenerateAsync_UnstatedTokenLimit_IsLearnedFromTheRemainingHeaderBeforeAnyRefusal()
    {
        var time = new FakeTimeProvider();
        var window = TimeSpan.FromSeconds(10);
        await using JinaApiEmulator emulator = await TestGenerators.StartOnAsync(time, o => o.RateLimits = new() { TokensPerWindow = 600, Window = window });
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.TimeProvider = time;
            o.RateLimitWindow = window;
            o.MaxInputsPerRequest = 1;
            o.MaxConcurrentRequests = 1;
        });
        string[] texts = [.. Enumerable.Range(0, 30).Select(i => $"text number {i} " + string.Join(' ', Enumerable.Repeat("word", 60)))];

        GeneratedEmbeddings<Embedding<float>> result = await time.RunAsync(emulator, generator.GenerateAsync(texts), TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(3));

        Assert.Equal(30, result.Count);
        Assert.InRange(emulator.Requests.Count(r => r.StatusCode == 429), 0, 1);
        Assert.InRange(generator.Client.Limiter.TokenLimit!.Value, 550, 660);
        Assert.All(emulator.Requests.Where(r => r.StatusCode == 200).GroupBy(r => r.Window), w => Assert.InRange(w.Sum(r => r.TokenCount), 1, 600));
    }

    [Fact]
    public async Task GenerateAsync_TokenEstimates_AreScaledToWhatTheServiceCharges()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        // Four-letter words: the client's estimate counts two tokens each where the emulator charges one.
        await generator.GenerateAsync([string.Join(' ', Enumerable.Repeat("word", 400))]);

        Assert.InRange(generator.Client.Limiter.TokenRatio, 0.45, 0.55);
    }
}
