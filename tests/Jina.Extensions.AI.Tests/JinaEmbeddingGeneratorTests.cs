using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    private static readonly string[] s_texts = ["Why is my lightsaber blade flickering?", "How do I charge my lightsaber?", "光剑太暗了"];

    [Fact]
    public async Task GenerateAsync_Inputs_SendsOneRequestWithTheApiFields()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        await generator.GenerateAsync(s_texts);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        using var body = JsonDocument.Parse(request.Body);
        JsonElement root = body.RootElement;
        Assert.Equal("jina-embeddings-v3", root.GetProperty("model").GetString());
        Assert.Equal(s_texts, root.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("base64", root.GetProperty("embedding_type").GetString());
        Assert.Equal(["model", "input", "embedding_type"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GenerateAsync_Base64Response_DecodesTheEmulatorsExactVectors()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Task = JinaTask.RetrievalPassage);
        using var reference = new HashEmbeddingGenerator();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(s_texts);
        GeneratedEmbeddings<Embedding<float>> expected = await reference.GenerateAsync(
            s_texts, new EmbeddingGenerationOptions { ModelId = "jina-embeddings-v3" }.WithJinaTask(JinaTask.RetrievalPassage));

        Assert.Equal(3, result.Count);
        for (int i = 0; i < result.Count; i++)
        {
            Assert.Equal(1024, result[i].Dimensions);
            Assert.Equal(expected[i].Vector.ToArray(), result[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task GenerateAsync_FloatEmbeddingType_ReturnsTheSameVectorsAsBase64()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        var asFloat = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.EmbeddingType] = "float" } };

        GeneratedEmbeddings<Embedding<float>> base64 = await generator.GenerateAsync(s_texts);
        GeneratedEmbeddings<Embedding<float>> floats = await generator.GenerateAsync(s_texts, asFloat);

        Assert.Equal("float", emulator.Requests[1].EmbeddingType);
        for (int i = 0; i < s_texts.Length; i++)
        {
            Assert.Equal(base64[i].Vector.ToArray(), floats[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task GenerateAsync_BinaryEmbeddingType_ThrowsBeforeSending()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.EmbeddingType] = "binary" } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(s_texts, options));

        Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_DataOutOfOrder_PlacesVectorsByIndex()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        GeneratedEmbeddings<Embedding<float>> inOrder = await generator.GenerateAsync(s_texts);

        emulator.Faults.ReverseDataOrder = true;
        GeneratedEmbeddings<Embedding<float>> reversed = await generator.GenerateAsync(s_texts);

        for (int i = 0; i < s_texts.Length; i++)
        {
            Assert.Equal(inOrder[i].Vector.ToArray(), reversed[i].Vector.ToArray());
        }

        Assert.NotEqual(reversed[0].Vector.ToArray(), reversed[2].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_Response_FillsModelIdCreatedAtAndUsage()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        DateTimeOffset before = DateTimeOffset.UtcNow.AddMinutes(-1);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(s_texts);

        int expectedTokens = s_texts.Sum(emulator.CountTokens);
        Assert.Equal(expectedTokens, emulator.Requests[0].TokenCount);
        Assert.NotNull(result.Usage);
        Assert.Equal(expectedTokens, result.Usage.InputTokenCount);
        Assert.Equal(expectedTokens, result.Usage.TotalTokenCount);
        Assert.All(result, e =>
        {
            Assert.Equal("jina-embeddings-v3", e.ModelId);
            Assert.NotNull(e.CreatedAt);
            Assert.True(e.CreatedAt > before);
        });
    }

    [Fact]
    public async Task GenerateAsync_ResponseWithoutUsage_LeavesUsageNull()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(200, """{"model":"jina-embeddings-v3","object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}]}""");

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["one"]);

        Assert.Null(result.Usage);
        Assert.Equal([0.6f, 0.8f], result[0].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_ReturnsEmptyWithoutARequest()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync([]);

        Assert.Empty(result);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_PerCallOptions_OverrideTheDefaults()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.Task = JinaTask.RetrievalPassage;
            o.Dimensions = 512;
            o.Truncate = false;
        });
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 3000,
            ModelId = "jina-embeddings-v4",
            AdditionalProperties = new()
            {
                [JinaPropertyNames.Task] = JinaTask.RetrievalQuery,
                [JinaPropertyNames.Truncate] = true,
            },
        };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => generator.GenerateAsync(["a query"], options));
        options.Dimensions = 64;
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a query"], options);
        options.ModelId = null;
        options.AdditionalProperties[JinaPropertyNames.Normalized] = "false";
        await generator.GenerateAsync(["a query"], options);

        JinaApiEmulatorRequest[] requests = [.. emulator.Requests];
        Assert.Equal(2, requests.Length);
        Assert.Equal("jina-embeddings-v4", requests[0].Model);
        Assert.Equal("retrieval.query", requests[0].Task);
        Assert.Equal(64, requests[0].Dimensions);
        Assert.Null(requests[0].Normalized);
        Assert.True(requests[0].Truncate);
        Assert.Equal(64, result[0].Dimensions);
        Assert.Equal("jina-embeddings-v4", result[0].ModelId);
        Assert.Equal(("jina-embeddings-v3", false, 200), (requests[1].Model, requests[1].Normalized, requests[1].StatusCode));
    }

    [Fact]
    public async Task GenerateAsync_ConstructorDefaults_AreSent()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.Task = JinaTask.Separation;
            o.Dimensions = 256;
            o.Normalized = false;
            o.Truncate = true;
        });

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["Darth Vader"]);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal("separation", request.Task);
        Assert.Equal(256, request.Dimensions);
        Assert.False(request.Normalized);
        Assert.True(request.Truncate);
        Assert.Equal(256, result[0].Dimensions);
    }

    [Fact]
    public async Task GenerateAsync_QueryAndPassageTasks_GiveDifferentButSimilarVectors()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        string text = SeedExamples.Default.KnowledgeBase.Query.En;

        Embedding<float> query = (await generator.GenerateAsync([text], new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalQuery)))[0];
        Embedding<float> passage = (await generator.GenerateAsync([text], new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage)))[0];

        float cosine = TestGenerators.Cosine(query.Vector, passage.Vector);
        Assert.InRange(cosine, 0.5f, 0.999f);
    }

    [Fact]
    public async Task GenerateAsync_CallerOptions_AreNotChanged()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Task = JinaTask.Classification);
        var options = new EmbeddingGenerationOptions();

        await generator.GenerateAsync(["text"], options);

        Assert.Null(options.AdditionalProperties);
        Assert.Null(options.Dimensions);
        Assert.Null(options.ModelId);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["text"], cancellationToken: cts.Token));
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_CancelledDuringRequest_StopsAtOnce()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.Latency = TimeSpan.FromSeconds(30);
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        using var cts = new CancellationTokenSource();

        Task<GeneratedEmbeddings<Embedding<float>>> call = generator.GenerateAsync(["text"], cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
