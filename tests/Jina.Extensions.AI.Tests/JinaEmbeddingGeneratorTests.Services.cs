using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    [Fact]
    public async Task GetService_Metadata_DescribesProviderEndpointModelAndDimensions()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Dimensions = 256);

        EmbeddingGeneratorMetadata? metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("jina", metadata.ProviderName);
        Assert.Equal(emulator.Endpoint, metadata.ProviderUri);
        Assert.Equal("jina-embeddings-v3", metadata.DefaultModelId);
        Assert.Equal(256, metadata.DefaultModelDimensions);
    }

    [Fact]
    public void GetService_NonNullKey_ReturnsNull()
    {
        using var generator = new JinaEmbeddingGenerator("k");

        Assert.Null(generator.GetService(typeof(EmbeddingGeneratorMetadata), "key"));
        Assert.Null(generator.GetService(typeof(JinaEmbeddingGenerator), "key"));
    }

    [Fact]
    public void GetService_NullType_Throws()
    {
        using var generator = new JinaEmbeddingGenerator("k");

        Assert.Throws<ArgumentNullException>("serviceType", () => generator.GetService(null!));
    }

    [Fact]
    public void GetService_SelfAndHttpClient_ReturnsThem()
    {
        using var httpClient = new HttpClient();
        using var generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = "k" }, httpClient);

        Assert.Same(generator, generator.GetService<JinaEmbeddingGenerator>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Same(httpClient, generator.GetService<HttpClient>());
        Assert.Null(generator.GetService<string>());
    }

    [Fact]
    public void GetService_ProviderKeyThroughAPipeline_ReturnsTheProvider()
    {
        using var generator = new JinaEmbeddingGenerator("k");
        using var pipeline = generator.AsBuilder()
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
            .UseLogging(NullLoggerFactory.Instance)
            .Build();

        Assert.Same(generator, pipeline.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>), CacheBypass.ProviderKey));
        Assert.Null(pipeline.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>), "another key"));
    }

    [Fact]
    public async Task LateChunker_ThroughACachingPipeline_SendsEveryWindowToTheService()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        using var pipeline = generator.AsBuilder()
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
            .Build();
        var chunker = new LateChunker(pipeline);
        string[] history = [.. SeedExamples.Default.ChatHistory.En];

        await chunker.EmbedChunksAsync(history);
        await chunker.EmbedChunksAsync(history);
        await chunker.EmbedChunksAsync(history[..5]);

        // A cache keyed per input would have served the second call whole and the third from vectors pooled in
        // the ten-message context; every late-chunked window must reach the model.
        Assert.Equal(3, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.True(r.LateChunking));
    }

    [Theory]
    [InlineData("jina-embeddings-v3", 8192, 2048, 1024, 1, 1024, true, true)]
    [InlineData("jina-embeddings-v2-base-en", 8192, 2048, 768, null, null, false, false)]
    [InlineData("jina-embeddings-v2-base-code", 8192, 2048, 768, null, null, false, false)]
    [InlineData("jina-embeddings-v4", 32768, 512, 2048, 1, 2048, true, true)]
    [InlineData("jina-embeddings-v5-text-small", 32768, 2048, 1024, 1, 1024, true, false)]
    [InlineData("jina-embeddings-v5-text-nano", 8192, 2048, 768, 1, 768, true, false)]
    [InlineData("jina-code-embeddings-0.5b", 32768, 2048, 896, 1, 896, true, false)]
    [InlineData("jina-code-embeddings-1.5b", 32768, 2048, 1536, 1, 1536, true, false)]
    [InlineData("jina-clip-v2", 8192, 2048, 1024, 1, 1024, true, false)]
    public void GetService_Capabilities_DescribeTheModel(
        string model, int maxTokens, int maxInputs, int dims, int? minDims, int? maxDims, bool tasks, bool lateChunking)
    {
        using var generator = new JinaEmbeddingGenerator("k", model);

        EmbeddingModelCapabilities? capabilities = generator.GetService<EmbeddingModelCapabilities>();

        Assert.NotNull(capabilities);
        Assert.Equal(model, capabilities.ModelId);
        Assert.Equal(maxTokens, capabilities.MaxInputTokens);
        Assert.Equal(maxInputs, capabilities.MaxInputsPerRequest);
        Assert.Equal(dims, capabilities.DefaultDimensions);
        Assert.Equal(minDims, capabilities.MinDimensions);
        Assert.Equal(maxDims, capabilities.MaxDimensions);
        Assert.Equal(tasks, capabilities.SupportsTasks);
        Assert.Equal(lateChunking, capabilities.SupportsLateChunking);
        Assert.Null(capabilities.Tokenizer);
    }

    [Fact]
    public void GetService_CapabilitiesWithOverrides_ReflectTheConfiguration()
    {
        using var generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = "k", MaxInputsPerRequest = 100, Dimensions = 512 });

        EmbeddingModelCapabilities capabilities = generator.GetService<EmbeddingModelCapabilities>()!;

        Assert.Equal(100, capabilities.MaxInputsPerRequest);
        Assert.Equal(512, capabilities.DefaultDimensions);
    }

    [Fact]
    public async Task GetService_ThroughAPipeline_ReachesTheGenerator()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        IDistributedCache cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));

        using IEmbeddingGenerator<string, Embedding<float>> pipeline = generator.AsBuilder()
            .UseLogging(NullLoggerFactory.Instance)
            .UseOpenTelemetry()
            .UseDistributedCache(cache)
            .Build();

        Assert.Same(generator, pipeline.GetService<JinaEmbeddingGenerator>());
        Assert.Equal("jina", pipeline.GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
        Assert.Equal(8192, pipeline.GetService<EmbeddingModelCapabilities>()!.MaxInputTokens);
        Assert.Equal(1024, (await pipeline.GenerateAsync(["text"]))[0].Dimensions);
    }

    [Fact]
    public async Task Dispose_GivenHttpClient_IsNotDisposed()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var httpClient = new HttpClient();
        var generator = new JinaEmbeddingGenerator(TestGenerators.Options(emulator), httpClient);
        await generator.GenerateAsync(["text"]);

        generator.Dispose();

        using HttpResponseMessage response = await httpClient.GetAsync(new Uri(emulator.Endpoint, "embeddings"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
