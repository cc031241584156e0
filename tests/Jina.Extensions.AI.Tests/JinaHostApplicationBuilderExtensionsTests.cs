using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaHostApplicationBuilderExtensionsTests
{
    private static HostApplicationBuilder CreateBuilder(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_BindsTheJinaSection()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        HostApplicationBuilder builder = CreateBuilder(new()
        {
            ["Jina:ApiKey"] = emulator.ApiKey,
            ["Jina:Endpoint"] = emulator.Endpoint.ToString(),
            ["Jina:ModelId"] = "jina-embeddings-v3",
            ["Jina:Task"] = "classification",
            ["Jina:Dimensions"] = "256",
            ["Jina:Normalized"] = "false",
            ["Jina:Truncate"] = "true",
            ["Jina:MaxInputsPerRequest"] = "2",
            ["Jina:MaxConcurrentRequests"] = "1",
            ["Jina:RequestsPerMinute"] = "400",
            ["Jina:TokensPerMinute"] = "900000",
            ["Jina:RateLimitWindow"] = "00:00:30",
            ["Jina:MaxRateLimitWait"] = "00:05:00",
            ["Jina:DiscoverModels"] = "true",
            ["Jina:MaxRetries"] = "0",
            ["Jina:RequestTimeout"] = "00:00:30",
        });

        builder.AddJinaEmbeddingGenerator();
        using IHost host = builder.Build();
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "b", "c"]);

        Assert.Equal(3, result.Count);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.All(emulator.Requests, r =>
        {
            Assert.Equal("classification", r.Task);
            Assert.Equal(256, r.Dimensions);
            Assert.False(r.Normalized);
            Assert.True(r.Truncate);
        });
        Assert.Equal(2, generator.GetService<EmbeddingModelCapabilities>()!.MaxInputsPerRequest);
        JinaRateLimiter limiter = generator.GetService<JinaEmbeddingGenerator>()!.Client.Limiter;
        Assert.Equal((400L, 900_000L, 1, TimeSpan.FromSeconds(30)), (limiter.RequestLimit, limiter.TokenLimit, limiter.ConcurrencyTarget, limiter.Window));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_NoKeyInTheSection_FallsBackToJinaApiKey()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        HostApplicationBuilder builder = CreateBuilder(new()
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["Embeddings:Endpoint"] = emulator.Endpoint.ToString(),
        });

        builder.AddJinaEmbeddingGenerator("Embeddings");
        using IHost host = builder.Build();
        await host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.Equal(200, Assert.Single(emulator.Requests).StatusCode);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_ConfigureCallback_RunsAfterTheSection()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        HostApplicationBuilder builder = CreateBuilder(new()
        {
            ["Jina:ApiKey"] = "wrong",
            ["Jina:Endpoint"] = emulator.Endpoint.ToString(),
        });

        builder.AddJinaEmbeddingGenerator(configure: o => o.ApiKey = emulator.ApiKey).UseDistributedCache(new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions())));
        using IHost host = builder.Build();
        await host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.Equal(200, Assert.Single(emulator.Requests).StatusCode);
    }

    [Theory]
    [InlineData("Dimensions", "many")]
    [InlineData("Normalized", "yes")]
    [InlineData("RateLimitWindow", "soon")]
    public async Task AddJinaEmbeddingGenerator_UnreadableValue_FailsAtStartNamingTheSetting(string key, string value)
    {
        HostApplicationBuilder builder = CreateBuilder(new() { ["Jina:ApiKey"] = "k", [$"Jina:{key}"] = value });
        builder.AddJinaEmbeddingGenerator();
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"Jina:{key}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dimensions", "256", "jina-embeddings-v2-base-en")]
    [InlineData("Dimensions", "4096", "jina-embeddings-v3")]
    [InlineData("Task", "retrieval.passage", "jina-embeddings-v2-base-en")]
    [InlineData("Task", "code.query", "jina-embeddings-v3")]
    [InlineData("LateChunking", "true", "jina-embeddings-v5-text-small")]
    [InlineData("Normalized", "true", "jina-embeddings-v4")]
    [InlineData("MaxRetries", "-1", "jina-embeddings-v3")]
    [InlineData("MaxConcurrentRequests", "0", "jina-embeddings-v3")]
    [InlineData("Endpoint", "http://example.com/v1/", "jina-embeddings-v3")]
    [InlineData("Endpoint", "not a uri", "jina-embeddings-v3")]
    public async Task AddJinaEmbeddingGenerator_SettingTheModelCannotTake_FailsAtStartNamingTheSetting(string key, string value, string model)
    {
        HostApplicationBuilder builder = CreateBuilder(new() { ["Jina:ApiKey"] = "k", ["Jina:ModelId"] = model, [$"Jina:{key}"] = value });
        builder.AddJinaEmbeddingGenerator();
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        string failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"Jina:{key}: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_ValidSection_Starts()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        HostApplicationBuilder builder = CreateBuilder(new()
        {
            ["Jina:ApiKey"] = emulator.ApiKey,
            ["Jina:Endpoint"] = emulator.Endpoint.ToString(),
            ["Jina:ModelId"] = "jina-embeddings-v2-base-en",
            ["Jina:Normalized"] = "true",
        });
        builder.AddJinaEmbeddingGenerator();
        using IHost host = builder.Build();

        await host.StartAsync();
        await host.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey())
            .GenerateAsync(["question"]);
        await host.StopAsync();

        Assert.Null(Assert.Single(emulator.Requests).Task);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_NoEndpointInTheSection_FallsBackToJinaEndpoint()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        HostApplicationBuilder builder = CreateBuilder(new()
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        });
        builder.AddJinaEmbeddingGenerator();
        using IHost host = builder.Build();

        await host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.Equal(200, Assert.Single(emulator.Requests).StatusCode);
    }

    [Fact]
    public void AddJinaEmbeddingGenerator_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>("builder", () => ((IHostApplicationBuilder)null!).AddJinaEmbeddingGenerator());
    }
}
