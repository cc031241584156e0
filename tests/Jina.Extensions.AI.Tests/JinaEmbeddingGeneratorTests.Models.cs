using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>Each model gets exactly the fields its schema takes; models the library does not know pass through, and can be described by GET /v1/models.</summary>
public sealed partial class JinaEmbeddingGeneratorTests
{
    private static readonly JinaApiEmulatorModel s_previewModel = new()
    {
        Id = "jina-embeddings-v6-preview",
        Dimensions = 512,
        ContextLength = 16384,
        MaxInputs = 512,
        Fields = ["task", "dimensions", "late_chunking", "normalized"],
        Tasks = ["retrieval.query", "retrieval.passage"],
    };

    public static TheoryData<string> ServedModels => [.. JinaApiEmulatorModel.Served.Select(m => m.Id)];

    private static Task<JinaApiEmulator> StartWithPreviewModelAsync() =>
        JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { Models = [.. JinaApiEmulatorModel.Served, s_previewModel] });

    private static string[] FieldsOf(JinaApiEmulatorRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return [.. body.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [Theory]
    [MemberData(nameof(ServedModels))]
    public async Task GenerateAsync_EveryModelOfTheTable_IsAcceptedByItsSchemaWithTheDefaults(string model)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = model);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a text to embed"]);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.Equal(["model", "input", "embedding_type"], FieldsOf(request));
        Assert.Equal(generator.GetService<EmbeddingModelCapabilities>()!.DefaultDimensions, result[0].Dimensions);
    }

    [Theory]
    [InlineData("jina-embeddings-v4")]
    [InlineData("jina-code-embeddings-0.5b")]
    [InlineData("jina-code-embeddings-1.5b")]
    public async Task GenerateAsync_ModelWithoutNormalized_NeverSendsIt(string model)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.ModelId = model;
            o.Dimensions = 128;
        });

        await generator.GenerateAsync(["def add(a, b): return a + b"], new EmbeddingGenerationOptions().WithJinaTask(new JinaTask(model.Contains("code-") ? "nl2code.passage" : "code.passage")));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["text"], new EmbeddingGenerationOptions().WithNormalized(true)));

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.DoesNotContain("normalized", FieldsOf(request));
        Assert.Null(request.Normalized);
        Assert.Contains($"{model} takes no 'normalized'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("options", () => new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o =>
        {
            o.ModelId = model;
            o.Normalized = true;
        })));
    }

    [Theory]
    [InlineData("jina-embeddings-v2-base-en", false)]
    [InlineData("jina-embeddings-v3", true)]
    [InlineData("jina-embeddings-v5-text-small", false)]
    [InlineData("jina-clip-v2", true)]
    public async Task GenerateAsync_ModelWithNormalized_SendsItOnlyWhenSet(string model, bool normalized)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = model);

        await generator.GenerateAsync(["text"]);
        await generator.GenerateAsync(["text"], new EmbeddingGenerationOptions().WithNormalized(normalized));

        Assert.Equal([null, normalized], emulator.Requests.Select(r => r.Normalized));
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
    }

    [Theory]
    [InlineData("jina-embeddings-v5-text-small", 1024)]
    [InlineData("jina-embeddings-v5-text-nano", 768)]
    public async Task GenerateAsync_V5Models_AreAcceptedWithTheirDimensionsButNoLateChunking(string model, int size)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = model);

        GeneratedEmbeddings<Embedding<float>> full = await generator.AsQueryGenerator().GenerateAsync(["Which restaurant did Sita choose?"]);
        GeneratedEmbeddings<Embedding<float>> small = await generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 32 });
        var late = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions().WithLateChunking()));

        Assert.Equal(size, full[0].Dimensions);
        Assert.Equal(32, small[0].Dimensions);
        Assert.Equal(("retrieval.query", 200), (emulator.Requests[0].Task, emulator.Requests[0].StatusCode));
        Assert.Equal(size, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        Assert.Contains("Late chunking needs", late.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => new LateChunker(generator));
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_ClipV2_SendsTheQueryTaskAndNoTaskForDocuments()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = "jina-clip-v2");

        await generator.AsQueryGenerator().GenerateAsync(["a red bicycle"]);
        await generator.AsPassageGenerator().GenerateAsync(["A photo caption: a red bicycle against a wall."]);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["text"], new EmbeddingGenerationOptions().WithJinaTask(JinaTask.TextMatching)));

        Assert.Equal(["retrieval.query", null], emulator.Requests.Select(r => r.Task));
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.Contains("retrieval.query", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_CodeModel_ChecksItsTasks()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = "jina-code-embeddings-1.5b");

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["sort a list"], new EmbeddingGenerationOptions().WithJinaTask(new JinaTask("NL2Code.Query")));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.AsQueryGenerator().GenerateAsync(["sort a list"]));

        Assert.Equal(1536, result[0].Dimensions);
        Assert.Equal("nl2code.query", Assert.Single(emulator.Requests).Task);
        Assert.Contains("code2completion.passage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_UnknownModel_SendsWhatTheCallerAskedAndNothingElse()
    {
        await using JinaApiEmulator emulator = await StartWithPreviewModelAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = s_previewModel.Id);
        EmbeddingGenerationOptions asked = new EmbeddingGenerationOptions { Dimensions = 100 }.WithJinaTask(JinaTask.RetrievalPassage).WithLateChunking().WithNormalized(false);

        GeneratedEmbeddings<Embedding<float>> plain = await generator.GenerateAsync(["text"]);
        GeneratedEmbeddings<Embedding<float>> configured = await generator.GenerateAsync(["text", "more text"], asked);

        Assert.Equal(["model", "input", "embedding_type"], FieldsOf(emulator.Requests[0]));
        Assert.Equal(["model", "input", "task", "dimensions", "late_chunking", "embedding_type", "normalized"], FieldsOf(emulator.Requests[1]));
        Assert.All(emulator.Requests, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(512, plain[0].Dimensions);
        Assert.Equal(100, configured[0].Dimensions);
        Assert.Equal(0, emulator.ModelListRequests);
        Assert.Equal(8192, generator.GetService<EmbeddingModelCapabilities>()!.MaxInputTokens);
    }

    [Fact]
    public async Task GenerateAsync_DiscoverModels_LearnsAnUnknownModelOncePerEndpoint()
    {
        await using JinaApiEmulator emulator = await StartWithPreviewModelAsync();
        using JinaEmbeddingGenerator first = TestGenerators.Create(emulator, o =>
        {
            o.ModelId = s_previewModel.Id;
            o.DiscoverModels = true;
        });
        using JinaEmbeddingGenerator second = TestGenerators.Create(emulator, o =>
        {
            o.ModelId = s_previewModel.Id;
            o.DiscoverModels = true;
        });

        Assert.Equal(8192, first.GetService<EmbeddingModelCapabilities>()!.MaxInputTokens);
        await Task.WhenAll(first.GenerateAsync(["text"]), second.GenerateAsync(["text"]));
        await first.GenerateAsync(["text"]);
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => first.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 513 }));

        EmbeddingModelCapabilities capabilities = first.GetService<EmbeddingModelCapabilities>()!;
        Assert.Equal(1, emulator.ModelListRequests);
        Assert.Equal((16384, 512, 512, true), (capabilities.MaxInputTokens, capabilities.DefaultDimensions, capabilities.MaxDimensions!.Value, capabilities.SupportsLateChunking));
        Assert.Equal(16384, second.GetService<EmbeddingModelCapabilities>()!.MaxInputTokens);
        Assert.Contains("GET /v1/models", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, emulator.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_ServiceStatesASmallerInputLimit_SplitsTheRequestAndRemembersTheLimit()
    {
        await using JinaApiEmulator emulator = await StartWithPreviewModelAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.ModelId = s_previewModel.Id;
            o.Dimensions = 8;
        });
        string[] inputs = Numbered(1200);

        GeneratedEmbeddings<Embedding<float>> first = await generator.GenerateAsync(inputs);
        int afterFirst = emulator.Requests.Count;
        GeneratedEmbeddings<Embedding<float>> second = await generator.GenerateAsync(inputs[..600]);

        JinaApiEmulatorRequest[] requests = [.. emulator.Requests];
        Assert.Equal((422, "INPUT_LIMIT_EXCEEDED", 1200), (requests[0].StatusCode, requests[0].ErrorCode, requests[0].Inputs.Count));
        Assert.Equal([512, 512, 176], requests[1..afterFirst].Select(r => r.Inputs.Count).OrderDescending());
        Assert.Equal([512, 88], requests[afterFirst..].Select(r => r.Inputs.Count).OrderDescending());
        Assert.Single(requests, r => r.StatusCode != 200);
        Assert.Equal(inputs.Order(), requests.Where(r => r.StatusCode == 200).Take(3).SelectMany(r => r.Inputs).Order());
        Assert.Equal(1200, first.Count);
        Assert.Equal(600, second.Count);
        Assert.Equal(512, generator.GetService<EmbeddingModelCapabilities>()!.MaxInputsPerRequest);
        using var reference = new HashEmbeddingGenerator(s_previewModel.Id);
        GeneratedEmbeddings<Embedding<float>> expected = await reference.GenerateAsync([inputs[1199]], new EmbeddingGenerationOptions { Dimensions = 8 });
        Assert.Equal(expected[0].Vector.ToArray(), first[1199].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_ConfiguredInputLimitAboveTheServices_LearnsTheServicesFromItsMessage()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.ModelId = "jina-embeddings-v4";
            o.Dimensions = 8;
            o.MaxInputsPerRequest = 1000;
        });

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(Numbered(1000));

        Assert.Equal(1000, result.Count);
        Assert.Equal([1000, 512, 488], emulator.Requests.Select(r => r.Inputs.Count).OrderDescending());
        Assert.Equal(512, generator.GetService<EmbeddingModelCapabilities>()!.MaxInputsPerRequest);
    }
}
