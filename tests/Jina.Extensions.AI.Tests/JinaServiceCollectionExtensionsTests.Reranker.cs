using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Jina.Extensions.AI.Tests;

/// <summary><see cref="JinaServiceCollectionExtensions.AddJinaReranker"/>: the generator's HttpClient, key and limiter.</summary>
public sealed partial class JinaServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddJinaReranker_ResolvesOneRerankerThatGoesThroughTheGeneratorsHttpClientAndLimiter()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        });
        services.AddJinaReranker(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
            o.TopN = 1;
        });
        services.AddHttpClient(JinaServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => counter);
        await using ServiceProvider provider = services.BuildServiceProvider();

        JinaReranker reranker = provider.GetRequiredService<JinaReranker>();
        JinaRerankResult result = await reranker.RerankAsync("lightsaber", ["a droid", "a lightsaber"]);
        await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.Equal(1, Assert.Single(result).Index);
        Assert.Same(reranker, provider.GetRequiredService<JinaReranker>());
        Assert.Equal(2, counter.Count);
        Assert.Same(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<JinaEmbeddingGenerator>()!.Client.Limiter, reranker.Client.Limiter);
    }

    [Fact]
    public async Task AddJinaReranker_RegisteredTimeProvider_IsTheRerankersClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddJinaReranker(o => o.ApiKey = "k");
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<JinaReranker>().Client.TimeProvider);
    }

    [Fact]
    public async Task AddJinaReranker_InvalidOptions_FailOnResolutionAndNullArgumentsThrow()
    {
        var services = new ServiceCollection();
        services.AddJinaReranker(o =>
        {
            o.ApiKey = "k";
            o.ModelId = "jina-reranker-v2-base-multilingual";
            o.MaxDocumentLength = 512;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<JinaReranker>());

        Assert.Contains("max_doc_length", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>("services", () => ((IServiceCollection)null!).AddJinaReranker(_ => { }));
        Assert.Throws<ArgumentNullException>("configure", () => services.AddJinaReranker(null!));
    }
}
