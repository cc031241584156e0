using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jina.Extensions.AI.Tests;

/// <summary>The tests that set JINA_API_KEY and JINA_ENDPOINT: they run alone, so no other test builds a generator meanwhile.</summary>
[Collection(EnvironmentVariablesTests.Collection)]
public sealed class EnvironmentVariablesTests
{
    public const string Collection = "Process environment";

    [Fact]
    public void Constructor_NoKeyAnywhere_ThrowsNamingTheOptionAndTheVariable()
    {
        using (EnvironmentLock.Set("JINA_API_KEY", null))
        {
            var ex = Assert.Throws<ArgumentException>("options", () => new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions()));

            Assert.Contains("JinaEmbeddingGeneratorOptions.ApiKey", ex.Message, StringComparison.Ordinal);
            Assert.Contains("JINA_API_KEY", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reranker_NoKeyAnywhere_ThrowsNamingTheOptionAndTheVariable()
    {
        using (EnvironmentLock.Set("JINA_API_KEY", null))
        {
            var ex = Assert.Throws<ArgumentException>("options", () => new JinaReranker(new JinaRerankerOptions()));

            Assert.Contains("JinaRerankerOptions.ApiKey", ex.Message, StringComparison.Ordinal);
            Assert.Contains("JINA_API_KEY", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reranker_NoEndpointInOptions_UsesJinaEndpoint()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        JinaReranker reranker;
        using (EnvironmentLock.Set("JINA_ENDPOINT", emulator.Endpoint.ToString()))
        {
            reranker = new JinaReranker(emulator.ApiKey);
        }

        using (reranker)
        {
            await reranker.RerankAsync("lightsaber", ["a", "b"]);

            Assert.Equal(emulator.Endpoint, reranker.Endpoint);
            Assert.Equal(200, Assert.Single(emulator.Requests).StatusCode);
        }
    }

    [Fact]
    public async Task Constructor_NoEndpointInOptions_UsesJinaEndpoint()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        JinaEmbeddingGenerator generator;
        using (EnvironmentLock.Set("JINA_ENDPOINT", emulator.Endpoint.ToString()))
        {
            generator = new JinaEmbeddingGenerator(emulator.ApiKey);
        }

        using (generator)
        {
            await generator.GenerateAsync(["text"]);

            Assert.Equal(emulator.Endpoint, generator.GetService<EmbeddingGeneratorMetadata>()!.ProviderUri);
            Assert.Equal(200, Assert.Single(emulator.Requests).StatusCode);
        }
    }

    [Theory]
    [InlineData("not a url", "not an absolute address")]
    [InlineData("http://example.com/v1/", "plain http")]
    public void Constructor_BadJinaEndpoint_ThrowsNamingTheVariable(string value, string expected)
    {
        using (EnvironmentLock.Set("JINA_ENDPOINT", value))
        {
            var ex = Assert.Throws<ArgumentException>("options", () => new JinaEmbeddingGenerator("jina_key"));

            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Constructor_NoKeyInOptions_UsesTheEnvironmentVariable()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        JinaEmbeddingGenerator generator;
        using (EnvironmentLock.Set("JINA_API_KEY", emulator.ApiKey))
        {
            generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { Endpoint = emulator.Endpoint });
        }

        using (generator)
        {
            GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);
            Assert.Single(result);
            Assert.Equal(200, emulator.Requests[0].StatusCode);
        }
    }

    [Fact]
    public async Task Hosting_NoKeyAnywhere_FailsAtStartNamingTheKey()
    {
        using var environment = EnvironmentLock.Set(JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable, null);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddJinaEmbeddingGenerator();
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith("Jina:ApiKey: No Jina API key", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }
}

/// <summary>Runs the tests that change the process environment after all others, one at a time.</summary>
[CollectionDefinition(EnvironmentVariablesTests.Collection, DisableParallelization = true)]
public sealed class EnvironmentVariablesCollection;
