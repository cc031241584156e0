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

        Assert.IsType<JinaEmbeddingGenerator>(generator);
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
            .AddJinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint, Dimensions = 64 })
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
            .AddJinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint }, serviceId: "kb")
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

        Assert.IsType<OnnxEmbeddingGenerator>(generator);
        Assert.Equal(384, embeddings[0].Vector.Length);
        Assert.Same(generator, kernel.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("local"));
        ((IDisposable)kernel.Services).Dispose();
    }

    [Fact]
    public void AddJinaEmbeddingGenerator_NullArguments_Throw()
    {
        var builder = Kernel.CreateBuilder();

        Assert.Throws<ArgumentNullException>(() => JinaKernelBuilderExtensions.AddJinaEmbeddingGenerator(null!, "jina-embeddings-v3"));
        Assert.Throws<ArgumentNullException>(() => builder.AddJinaEmbeddingGenerator((JinaEmbeddingGeneratorOptions)null!));
        Assert.Throws<ArgumentNullException>(() => builder.AddJinaEmbeddingGenerator((Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>>)null!));
        Assert.Throws<ArgumentException>(() => builder.AddJinaEmbeddingGenerator(" "));
    }
}
