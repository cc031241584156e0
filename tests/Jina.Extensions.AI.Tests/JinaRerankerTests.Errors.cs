using System.Net;
using Jina.Testing;

namespace Jina.Extensions.AI.Tests;

/// <summary>The reranker is on the generator's machinery: the same retries, errors and per-key limiter.</summary>
public sealed partial class JinaRerankerTests
{
    [Fact]
    public async Task RerankAsync_TransientServerErrors_AreRetried()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        emulator.Faults.EnqueueServerErrors(2, 503);

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents);

        Assert.Equal(3, result.Count);
        Assert.Equal([503, 503, 200], emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task RerankAsync_RateLimited_WaitsAndSucceeds()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        emulator.Faults.EnqueueRateLimits(1, retryAfter: "0");

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents);

        Assert.Equal(3, result.Count);
        Assert.Equal([429, 200], emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task RerankAsync_InsufficientBalance_ThrowsAtOnceWithTheStatus()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        emulator.Faults.EnqueueInsufficientBalance();

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, s_documents));

        Assert.Equal(HttpStatusCode.PaymentRequired, ex.StatusCode);
        Assert.Contains("top it up", ex.Message, StringComparison.Ordinal);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task RerankAsync_WrongKey_ThrowsWithoutTheKey()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ApiKey = "jina_wrong_key_0000000000");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, s_documents));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("AUTH_INVALID_API_KEY", ex.ErrorCode);
        Assert.DoesNotContain("jina_wrong_key_0000000000", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_PastTheContext_ThrowsAdvisingTruncationNotTruncate()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = "jina-reranker-v2-base-multilingual");
        string[] documents = ["short", string.Join(' ', Enumerable.Repeat("lightsaber", 1100))];

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, documents));
        JinaRerankResult cut = await reranker.RerankAsync(Query, documents, new JinaRerankOptions { Truncation = true });

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("exceeds the model's maximum of 1024 tokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Truncation = true", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1024 tokens for the query with one document", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WithTruncate", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, cut.Count);
        Assert.Equal(true, emulator.Requests[^1].Truncation);
    }

    [Fact]
    public async Task RerankAsync_FieldTheServiceRefuses_ThrowsWithTheServicesFieldAndAdvice()
    {
        // A model the table does not know gets what the caller asks for; the service's schema refuses it.
        var strict = new JinaApiEmulatorRerankerModel { Id = "jina-reranker-v9", ContextLength = 8192 };
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { RerankerModels = [strict] });
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = "jina-reranker-v9");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { ReturnEmbeddings = true }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Contains("return_embeddings: Extra inputs are not permitted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("remove the setting", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task RerankAsync_ResponseNotMatchingTheRequest_ThrowsSayingSo()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        emulator.Faults.EnqueueResponse(200, """{"model":"jina-reranker-v3","results":[{"index":0,"relevance_score":0.9},{"index":0,"relevance_score":0.5},{"index":2,"relevance_score":0.1}]}""");
        emulator.Faults.EnqueueResponse(200, """{"model":"jina-reranker-v3","results":[{"index":0,"relevance_score":0.9}]}""");
        emulator.Faults.EnqueueResponse(200, """{"model":"jina-reranker-v3","results":[{"index":7,"relevance_score":0.9},{"index":1,"relevance_score":0.5},{"index":2,"relevance_score":0.1}]}""");

        var twice = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, s_documents));
        var missing = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, s_documents));
        var outside = await Assert.ThrowsAsync<JinaApiException>(() => reranker.RerankAsync(Query, s_documents));

        Assert.Contains("document 0 twice", twice.Message, StringComparison.Ordinal);
        Assert.Contains("1 results where 3 were expected", missing.Message, StringComparison.Ordinal);
        Assert.Contains("index 7", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_ResponseWithoutUsage_LeavesUsageNull()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        emulator.Faults.EnqueueResponse(200, """{"model":"jina-reranker-v3","results":[{"index":1,"relevance_score":0.2},{"index":0,"relevance_score":0.9}]}""");

        JinaRerankResult result = await reranker.RerankAsync(Query, ["a", "b"]);

        Assert.Null(result.Usage);
        Assert.Equal([0, 1], result.Select(r => r.Index));
    }

    [Fact]
    public async Task RerankAsync_GeneratorAndRerankerOfOneKey_ShareOneLimiterAndKeepToTheKeysConcurrency()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { RateLimits = new() { ConcurrentRequests = 1 } });
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(30);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.MaxInputsPerRequest = 1;
        });
        using JinaReranker reranker = TestRerankers.Create(emulator);

        await Task.WhenAll(
            generator.GenerateAsync(["a", "b", "c", "d", "e", "f"]),
            Task.WhenAll(Enumerable.Range(0, 6).Select(i => reranker.RerankAsync($"question {i}", s_documents))));

        Assert.Same(generator.Client.Limiter, reranker.Client.Limiter);
        Assert.Equal(12, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(6, emulator.Requests.Count(r => r.Path == "/v1/rerank"));
        Assert.Equal(1, emulator.PeakConcurrentRequests);
    }

    [Fact]
    public async Task RerankAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reranker.RerankAsync(Query, s_documents, cancellationToken: cancelled.Token));

        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task Dispose_DoesNotDisposeAGivenHttpClient()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var httpClient = new HttpClient();
        var reranker = new JinaReranker(new JinaRerankerOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint }, httpClient);

        reranker.Dispose();

        using HttpResponseMessage response = await httpClient.GetAsync(new Uri(emulator.Endpoint, "models"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
