using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Jina.SemanticKernel.Tests;

public sealed class JinaKernelBuilderExtensionsTests
{
    [Fact]
    public void AddJinaEmbeddingGenerator_ModelKeyAndServiceId_ResolvesFromTheBuiltKernel()
    {
        var kernel = Kernel.CreateBuilder()
            .AddJinaEmbeddingGenerator("jina-embeddings-v3", apiKey: "test-key", dimensions: 256, serviceId: "jina")
            .Build();

        var generator = kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("jina");

        Assert.NotNull(generator.GetService<JinaEmbeddingGenerator>());
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("jina", metadata.ProviderName);
        Assert.Equal("jina-embeddings-v3", metadata.DefaultModelId);
        Assert.Equal(256, metadata.DefaultModelDimensions);
        Assert.Null(kernel.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.DoesNotContain("test-key", generator.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_Options_EmbedsOverTheWireWithTheConfiguredModel()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        var kernel = Kernel.CreateBuilder()
            .AddJinaEmbeddingGenerator(o =>
            {
                o.ApiKey = emulator.ApiKey;
                o.Endpoint = emulator.Endpoint;
                o.Dimensions = 64;
            })
            .Build();

        var generator = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(["Why is my lightsaber blade flickering?"]);

        Assert.Equal(64, embeddings[0].Vector.Length);
        var request = Assert.Single(emulator.Requests);
        Assert.Equal(("jina-embeddings-v3", 64), (request.Model, request.Dimensions));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_Options_RegistersQueryAndPassageRoles()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        var kernel = Kernel.CreateBuilder()
            .AddJinaEmbeddingGenerator(o =>
            {
                o.ApiKey = emulator.ApiKey;
                o.Endpoint = emulator.Endpoint;
            }, serviceId: "kb")
            .Build();

        await kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey("kb"))
            .GenerateAsync(["question"]);
        await kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetPassageServiceKey("kb"))
            .GenerateAsync(["passage"]);

        Assert.Equal(["retrieval.query", "retrieval.passage"], emulator.Requests.Select(r => r.Task));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_Factory_ResolvesTheLocalEngine()
    {
        var kernel = Kernel.CreateBuilder()
            .AddJinaEmbeddingGenerator(_ => new OnnxEmbeddingGenerator(), serviceId: "local")
            .Build();

        var generator = kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("local");
        var embeddings = await generator.GenerateAsync(["The Force will be with you. Always."]);

        Assert.NotNull(generator.GetService<OnnxEmbeddingGenerator>());
        Assert.Equal(384, embeddings[0].Vector.Length);
        Assert.Same(generator, kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("local"));
        ((IDisposable)kernel.Services).Dispose();
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_V2Model_RolesEmbedWithoutATask()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        var kernel = Kernel.CreateBuilder()
            .AddJinaEmbeddingGenerator(o =>
            {
                o.ApiKey = emulator.ApiKey;
                o.Endpoint = emulator.Endpoint;
                o.ModelId = "jina-embeddings-v2-base-en";
            }, serviceId: "v2")
            .Build();

        await kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey("v2"))
            .GenerateAsync(["question"]);
        await kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetPassageServiceKey("v2"))
            .GenerateAsync(["passage"]);

        Assert.Equal([(200, (string?)null), (200, null)], emulator.Requests.Select(r => (r.StatusCode, r.Task)));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_SendsThroughTheNamedHttpClient()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        int sent = 0;
        var builder = Kernel.CreateBuilder().AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        });
        builder.Services.AddHttpClient(JinaServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref sent)));
        var kernel = builder.Build();

        await kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["text"]);

        Assert.Equal(1, sent);
    }

    [Fact]
    public void AddJinaEmbeddingGenerator_NullArguments_Throw()
    {
        var builder = Kernel.CreateBuilder();

        Assert.Throws<ArgumentNullException>(() => JinaKernelBuilderExtensions.AddJinaEmbeddingGenerator(null!, "jina-embeddings-v3"));
        Assert.Throws<ArgumentNullException>(() => builder.AddJinaEmbeddingGenerator((Action<JinaEmbeddingGeneratorOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddJinaEmbeddingGenerator((Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>>)null!));
        Assert.Throws<ArgumentException>(() => builder.AddJinaEmbeddingGenerator(" "));
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
