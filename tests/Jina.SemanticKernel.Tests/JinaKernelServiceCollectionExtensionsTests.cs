using Jina.Extensions.AI;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Jina.SemanticKernel.Tests;

public sealed class JinaKernelServiceCollectionExtensionsTests
{
    [Fact]
    public void AddJinaEmbeddingGenerator_ServiceId_RegistersOneKeyedSingleton()
    {
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator("jina-embeddings-v3", apiKey: "test-key", serviceId: "a");
        services.AddJinaEmbeddingGenerator("jina-embeddings-v2-base-en", apiKey: "test-key", serviceId: "b");
        using var provider = services.BuildServiceProvider();

        var a = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("a");
        var b = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("b");

        Assert.Same(a, provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("a"));
        Assert.Equal("jina-embeddings-v3", a.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Equal("jina-embeddings-v2-base-en", b.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Equal(768, b.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_V2Model_QueryRoleSendsNoTask()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint, ModelId = "jina-embeddings-v2-base-en" });
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey())
            .GenerateAsync(["question"]);

        var request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.Null(request.Task);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_HttpClientGiven_SendsThroughItAndLeavesItOpen()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var handler = new CountingHandler();
        using var httpClient = new HttpClient(handler);
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint }, httpClient: httpClient);

        using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["text"]);
        }

        Assert.Equal(1, handler.Sent);
        using var stillOpen = await httpClient.GetAsync(new Uri(emulator.Endpoint, "embeddings"));
        Assert.Equal(2, handler.Sent);
    }

    [Fact]
    public void AddJinaEmbeddingGenerator_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => JinaKernelServiceCollectionExtensions.AddJinaEmbeddingGenerator(null!, "jina-embeddings-v3"));
        Assert.Throws<ArgumentNullException>(() => services.AddJinaEmbeddingGenerator((JinaEmbeddingGeneratorOptions)null!));
        Assert.Throws<ArgumentException>(() => services.AddJinaEmbeddingGenerator(string.Empty));
    }

    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private int _sent;

        public int Sent => _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
