using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jina.Extensions.AI.Tests;

/// <summary><see cref="JinaHostApplicationBuilderExtensions.AddJinaReranker"/>: the generator's section for the key, its Reranker subsection for the rest.</summary>
public sealed partial class JinaHostApplicationBuilderExtensionsTests
{
    [Fact]
    public async Task AddJinaReranker_ReadsTheKeyFromTheJinaSectionAndTheModelFromItsRerankerSubsection()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        HostApplicationBuilder builder = CreateBuilder(new()
        {
            ["Jina:ApiKey"] = emulator.ApiKey,
            ["Jina:Endpoint"] = emulator.Endpoint.ToString(),
            ["Jina:ModelId"] = "jina-embeddings-v3",
            ["Jina:MaxConcurrentRequests"] = "3",
            ["Jina:RequestsPerMinute"] = "400",
            ["Jina:Reranker:ModelId"] = "jina-reranker-v3",
            ["Jina:Reranker:TopN"] = "2",
            ["Jina:Reranker:Truncation"] = "true",
            ["Jina:Reranker:MaxDocumentLength"] = "1024",
            ["Jina:Reranker:RequestsPerMinute"] = "300",
        });

        builder.AddJinaEmbeddingGenerator();
        builder.AddJinaReranker();
        using IHost host = builder.Build();
        JinaReranker reranker = host.Services.GetRequiredService<JinaReranker>();
        JinaRerankResult result = await reranker.RerankAsync("lightsaber", ["a", "b", "c"]);

        Assert.Equal(2, result.Count);
        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(("jina-reranker-v3", 2, true, 1024), (request.Model, request.TopN, request.Truncation, request.MaxDocLength));
        JinaRateLimiter limiter = reranker.Client.Limiter;
        Assert.Same(host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<JinaEmbeddingGenerator>()!.Client.Limiter, limiter);
        Assert.Equal((300L, 3), (limiter.RequestLimit, limiter.ConcurrencyTarget));
    }

    [Fact]
    public void AddJinaReranker_NoKeyInTheSection_UsesJinaApiKeyFromConfiguration()
    {
        HostApplicationBuilder builder = CreateBuilder(new() { ["JINA_API_KEY"] = "jina_from_configuration" });

        builder.AddJinaReranker();
        using IHost host = builder.Build();

        Assert.Equal("jina-reranker-v3", host.Services.GetRequiredService<JinaReranker>().ModelId);
    }

    [Fact]
    public void AddJinaReranker_InvalidValue_ThrowsNamingTheKey()
    {
        HostApplicationBuilder builder = CreateBuilder(new() { ["Jina:ApiKey"] = "k", ["Jina:Reranker:TopN"] = "three" });

        builder.AddJinaReranker();
        using IHost host = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<JinaReranker>());
        Assert.Contains("Jina:Reranker:TopN", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jina:Reranker:MaxDocumentLength", "1024", "jina-reranker-v2-base-multilingual")]
    [InlineData("Jina:Reranker:TopN", "0", "jina-reranker-v3")]
    [InlineData("Jina:MaxRetries", "-1", "jina-reranker-v3")]
    [InlineData("Jina:Reranker:MaxRetries", "-1", "jina-reranker-v3")]
    [InlineData("Jina:Endpoint", "http://example.com/v1/", "jina-reranker-v3")]
    public async Task AddJinaReranker_SettingTheModelCannotTake_FailsAtStartNamingTheSetting(string key, string value, string model)
    {
        HostApplicationBuilder builder = CreateBuilder(new() { ["Jina:ApiKey"] = "k", ["Jina:ModelId"] = "jina-embeddings-v3", ["Jina:Reranker:ModelId"] = model, [key] = value });
        builder.AddJinaReranker();
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith($"{key}: ", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddJinaReranker_TheSectionsModelIsTheGenerators_TheRerankerKeepsItsDefault()
    {
        HostApplicationBuilder builder = CreateBuilder(new() { ["Jina:ApiKey"] = "k", ["Jina:ModelId"] = "jina-embeddings-v2-base-en" });
        builder.AddJinaReranker();
        using IHost host = builder.Build();

        await host.StartAsync();

        Assert.Equal(JinaRerankerOptions.DefaultModelId, host.Services.GetRequiredService<JinaReranker>().ModelId);
        await host.StopAsync();
    }
}
