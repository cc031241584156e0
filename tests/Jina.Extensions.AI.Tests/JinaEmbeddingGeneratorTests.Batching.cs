using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    private static string[] Numbered(int count) => [.. Enumerable.Range(0, count).Select(i => $"document number {i} about topic {i % 7}")];

    [Fact]
    public async Task GenerateAsync_MoreInputsThanPerRequest_SplitsAndKeepsInputOrder()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxInputsPerRequest = 4);
        string[] inputs = Numbered(10);
        using var reference = new HashEmbeddingGenerator();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(inputs);
        GeneratedEmbeddings<Embedding<float>> expected = await reference.GenerateAsync(inputs);

        Assert.Equal([4, 4, 2], emulator.Requests.Select(r => r.Inputs.Count).Order().Reverse());
        Assert.Equal(inputs.Order(), emulator.Requests.SelectMany(r => r.Inputs).Order());
        Assert.Equal(10, result.Count);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i].Vector.ToArray(), result[i].Vector.ToArray());
        }

        Assert.Equal(inputs.Sum(emulator.CountTokens), result.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_ManyBatches_RunConcurrentlyUpToTheLimit()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(150);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.MaxInputsPerRequest = 2;
            o.MaxConcurrentRequests = 3;
        });

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(Numbered(20));

        Assert.Equal(20, result.Count);
        Assert.Equal(10, emulator.Requests.Count);
        Assert.InRange(emulator.PeakConcurrentRequests, 2, 3);
    }

    [Fact]
    public async Task GenerateAsync_V3Default_Sends2048InputsPerRequest()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Dimensions = 32);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(Numbered(2049));

        Assert.Equal(2049, result.Count);
        Assert.Equal([1, 2048], emulator.Requests.Select(r => r.Inputs.Count).Order());
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task GenerateAsync_V4Default_Sends512InputsPerRequest()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.ModelId = "jina-embeddings-v4";
            o.Dimensions = 128;
        });

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(Numbered(513));

        Assert.Equal(513, result.Count);
        Assert.Equal([1, 512], emulator.Requests.Select(r => r.Inputs.Count).Order());
    }

    [Fact]
    public async Task GenerateAsync_OneBatchFails_ThrowsAndReturnsNothing()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.MaxInputsPerRequest = 2;
            o.MaxConcurrentRequests = 1;
        });
        emulator.Faults.EnqueueResponse(401, """{"detail":"The API key is invalid.","code":"AUTH_INVALID_API_KEY"}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(Numbered(6)));

        Assert.Equal("AUTH_INVALID_API_KEY", ex.ErrorCode);
    }

    [Fact]
    public async Task GenerateAsync_LateChunking_SendsOneRequestWhoseVectorsDependOnEveryInput()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxInputsPerRequest = 2);
        IReadOnlyList<string> document = SeedExamples.Default.LateChunkingAnaphora.Document;
        EmbeddingGenerationOptions late = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage).WithLateChunking();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(document, late));
        Assert.Contains("LateChunker", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);

        using JinaEmbeddingGenerator wide = TestGenerators.Create(emulator);
        GeneratedEmbeddings<Embedding<float>> whole = await wide.GenerateAsync(document, late);
        GeneratedEmbeddings<Embedding<float>> changed = await wide.GenerateAsync([document[0], document[1], "An unrelated sentence about cooking pasta."], late);

        JinaApiEmulatorRequest request = emulator.Requests[0];
        Assert.True(request.LateChunking);
        Assert.Equal(document, request.Inputs);
        Assert.Contains("\"late_chunking\":true", request.Body, StringComparison.Ordinal);
        Assert.NotEqual(whole[0].Vector.ToArray(), changed[0].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingPastTheInputLimit_FailsBeforeSendingAndPointsToLateChunker()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.LateChunking = true);

        var ex = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync(Numbered(2049)));

        Assert.Contains("LateChunker", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2048", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingPastTheTokenLimit_ReportsTheApisErrorAndPointsToLateChunker()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.LateChunking = true);
        string chunk = string.Join(' ', Enumerable.Repeat("word", 3000));

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync([chunk, chunk, chunk]));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Null(ex.ErrorCode);
        Assert.Contains("exceeds the model's maximum", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("LateChunker", ex.Message, StringComparison.Ordinal);
        Assert.Single(emulator.Requests);
    }
}
