using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    [Fact]
    public void Constructor_NullOptions_Throws()
    {
        Assert.Throws<ArgumentNullException>("options", () => new JinaEmbeddingGenerator((JinaEmbeddingGeneratorOptions)null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_BlankApiKeyString_Throws(string apiKey)
    {
        Assert.Throws<ArgumentException>("apiKey", () => new JinaEmbeddingGenerator(apiKey));
    }

    [Fact]
    public void Constructor_ApiKeyAndModel_UsesThem()
    {
        using var generator = new JinaEmbeddingGenerator("jina_test_key", "jina-embeddings-v4");

        EmbeddingGeneratorMetadata metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("jina-embeddings-v4", metadata.DefaultModelId);
        Assert.Equal(new Uri("https://api.jina.ai/v1/"), metadata.ProviderUri);
    }

    [Fact]
    public void Constructor_PlainHttpRemoteEndpoint_ThrowsBecauseTheKeyWouldTravelInClear()
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = "k", Endpoint = new Uri("http://api.example.com/v1/") };

        var ex = Assert.Throws<ArgumentException>("options", () => new JinaEmbeddingGenerator(options));

        Assert.Contains("clear", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/v1/")]
    [InlineData("http://localhost:5000/v1")]
    [InlineData("http://[::1]:5000/v1/")]
    public void Constructor_PlainHttpLoopbackEndpoint_IsAccepted(string endpoint)
    {
        using var generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = "k", Endpoint = new Uri(endpoint) });

        Assert.Equal(new Uri(endpoint), generator.GetService<EmbeddingGeneratorMetadata>()!.ProviderUri);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2000)]
    public void Constructor_DimensionsOutOfRange_Throws(int dimensions)
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = "k", Dimensions = dimensions };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new JinaEmbeddingGenerator(options));

        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void Constructor_V2WithTask_ThrowsNamingV3AsTheReplacement()
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = "k", ModelId = "jina-embeddings-v2-base-en", Task = JinaTask.RetrievalQuery };

        var ex = Assert.Throws<ArgumentException>("options", () => new JinaEmbeddingGenerator(options));

        Assert.Contains("jina-embeddings-v3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("task", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_MaxConcurrentRequestsBelowOne_Throws(int value)
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = "k", MaxConcurrentRequests = value };

        Assert.Throws<ArgumentOutOfRangeException>(() => new JinaEmbeddingGenerator(options));
    }

    [Fact]
    public void Constructor_NegativeMaxRetries_Throws()
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = "k", MaxRetries = -1 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new JinaEmbeddingGenerator(options));
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_DoNotAffectTheGenerator()
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = "k", ModelId = "jina-embeddings-v3" };
        using var generator = new JinaEmbeddingGenerator(options);

        options.ModelId = "jina-embeddings-v4";

        Assert.Equal("jina-embeddings-v3", generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Equal("k", options.ApiKey);
    }

    [Fact]
    public async Task GenerateAsync_NullValues_Throws()
    {
        using var generator = new JinaEmbeddingGenerator("k");

        await Assert.ThrowsAsync<ArgumentNullException>("values", () => generator.GenerateAsync(null!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t")]
    public async Task GenerateAsync_BlankElement_ThrowsNamingItsIndex(string? blank)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync(["fine", "also fine", blank!]));

        Assert.Contains("Input 2", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("jina-embeddings-v3", 1025, "1 to 1024")]
    [InlineData("jina-embeddings-v4", 2049, "1 to 2048")]
    [InlineData("jina-code-embeddings-0.5b", 897, "1 to 896")]
    [InlineData("jina-embeddings-v5-text-nano", 769, "1 to 768")]
    public async Task GenerateAsync_DimensionsAboveTheModelsSize_ThrowsBeforeSending(string model, int dimensions, string range)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = model);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = dimensions }));

        Assert.Contains(range, ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(31)]
    public async Task GenerateAsync_DimensionsBelowTheTrainedSizes_AreSentAsTheServiceAcceptsThem(int dimensions)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = dimensions });

        Assert.Equal(dimensions, result[0].Dimensions);
        Assert.Equal((dimensions, 200), (emulator.Requests[0].Dimensions, emulator.Requests[0].StatusCode));
    }

    [Fact]
    public async Task GenerateAsync_UnknownModelWithAnyDimensions_IsSentAsIs()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = "jina-embeddings-v9");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 5000 }));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Contains("model: Input should be", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("'jina-embeddings-v3'", ex.Detail, StringComparison.Ordinal);
        Assert.Equal(5000, Assert.Single(emulator.Requests).Dimensions);
    }

    [Theory]
    [InlineData("task")]
    [InlineData("dimensions")]
    [InlineData("late_chunking")]
    public async Task GenerateAsync_V2WithV3Feature_ThrowsBeforeSending(string feature)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = "jina-embeddings-v2-base-en");
        EmbeddingGenerationOptions options = feature switch
        {
            "task" => new EmbeddingGenerationOptions().WithJinaTask(JinaTask.TextMatching),
            "dimensions" => new EmbeddingGenerationOptions { Dimensions = 256 },
            _ => new EmbeddingGenerationOptions().WithLateChunking(),
        };

        var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => generator.GenerateAsync(["text"], options));

        Assert.Contains("v2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jina-embeddings-v3", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_V2WithoutV3Features_Works()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = "jina-embeddings-v2-base-en");

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        Assert.Equal(768, result[0].Dimensions);
        Assert.Equal(768, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public async Task GenerateAsync_UnknownV3Task_ThrowsListingTheTasks()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => generator.GenerateAsync(["text"], new EmbeddingGenerationOptions().WithJinaTask(new JinaTask("code.query"))));

        Assert.Contains("retrieval.passage", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GenerateAsync_V3TaskInAnotherCase_SendsTheApisSpelling(bool asJinaTask)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        var options = new EmbeddingGenerationOptions
        {
            AdditionalProperties = new() { [JinaPropertyNames.Task] = asJinaTask ? new JinaTask("Retrieval.Query") : "RETRIEVAL.QUERY" },
        };

        await generator.GenerateAsync(["text"], options);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal("retrieval.query", request.Task);
        Assert.Equal(200, request.StatusCode);
    }

    [Fact]
    public async Task GenerateAsync_V4CodeTask_IsSent()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ModelId = "jina-embeddings-v4");

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["int x = 1;"], new EmbeddingGenerationOptions().WithJinaTask(new JinaTask("code.query")));

        Assert.Equal("code.query", emulator.Requests[0].Task);
        Assert.Equal(2048, result[0].Dimensions);
    }

    [Fact]
    public async Task GenerateAsync_NonBooleanLateChunking_Throws()
    {
        using var generator = new JinaEmbeddingGenerator("k");
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.LateChunking] = 42 } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["text"], options));

        Assert.Contains("late_chunking", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_OptionsFromDeserialisedJson_ReadAsTheirNetForms()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Normalized = true);
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() };
        options.AdditionalProperties[JinaPropertyNames.Task] = System.Text.Json.JsonDocument.Parse("\"retrieval.passage\"").RootElement;
        options.AdditionalProperties[JinaPropertyNames.Truncate] = System.Text.Json.JsonDocument.Parse("\"true\"").RootElement;
        options.AdditionalProperties[JinaPropertyNames.Normalized] = System.Text.Json.JsonDocument.Parse("null").RootElement;

        await generator.GenerateAsync(["text"], options);

        // JSON null leaves the configured default in place, as a .NET null does.
        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(("retrieval.passage", true, true), (request.Task, request.Truncate, request.Normalized));
    }
}
