using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddJinaEmbeddingGenerator_ResolvesAGeneratorThatReachesTheApi()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
            o.Dimensions = 128;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        IEmbeddingGenerator<string, Embedding<float>> generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["hello"]);

        Assert.Equal(128, result[0].Dimensions);
        Assert.NotNull(generator.GetService<JinaEmbeddingGenerator>());
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_RolesAreKeyedServicesSendingTheirTasks()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey())
            .GenerateAsync(["q"]);
        await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetPassageServiceKey())
            .GenerateAsync(["p"]);

        Assert.Equal(["retrieval.query", "retrieval.passage"], emulator.Requests.Select(r => r.Task));
        Assert.Equal("jina:retrieval.query", JinaServiceCollectionExtensions.GetQueryServiceKey());
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_WithDistributedCache_KeepsQueryAndPassageVectorsApart()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        }).UseDistributedCache();
        await using ServiceProvider provider = services.BuildServiceProvider();
        var query = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey());
        var passage = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetPassageServiceKey());
        const string text = "My lightsaber is too dim";

        Embedding<float> q1 = (await query.GenerateAsync([text]))[0];
        Embedding<float> p1 = (await passage.GenerateAsync([text]))[0];
        Embedding<float> q2 = (await query.GenerateAsync([text]))[0];
        Embedding<float> p2 = (await passage.GenerateAsync([text]))[0];

        Assert.Equal(2, emulator.Requests.Count);
        Assert.NotEqual(q1.Vector.ToArray(), p1.Vector.ToArray());
        Assert.Equal(q1.Vector.ToArray(), q2.Vector.ToArray());
        Assert.Equal(p1.Vector.ToArray(), p2.Vector.ToArray());
        Assert.NotNull(provider.GetRequiredService<IDistributedCache>());
    }

    [Fact]
    public async Task AddKeyedJinaEmbeddingGenerator_RegistersIndependentGeneratorsAndRoles()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddKeyedJinaEmbeddingGenerator("v3", o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        });
        services.AddKeyedJinaEmbeddingGenerator("v2", o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
            o.ModelId = "jina-embeddings-v2-base-en";
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var v3 = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("v3");
        var v2 = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("v2");
        var v3Query = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey("v3"));
        await v3.GenerateAsync(["a"]);
        await v2.GenerateAsync(["b"]);
        await v3Query.GenerateAsync(["c"]);

        Assert.Equal(["jina-embeddings-v3", "jina-embeddings-v2-base-en", "jina-embeddings-v3"], emulator.Requests.Select(r => r.Model));
        Assert.Equal([null, null, "retrieval.query"], emulator.Requests.Select(r => r.Task));
        Assert.Null(provider.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal("v3:retrieval.passage", JinaServiceCollectionExtensions.GetPassageServiceKey("v3"));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_V2Model_RolesEmbedWithoutATask()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
            o.ModelId = "jina-embeddings-v2-base-en";
        }).UseLogging();
        await using ServiceProvider provider = services.BuildServiceProvider();
        var query = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetQueryServiceKey());
        var passage = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetPassageServiceKey());

        Embedding<float> q = (await query.GenerateAsync(["My lightsaber is too dim"]))[0];
        Embedding<float> p = (await passage.GenerateAsync(["My lightsaber is too dim"]))[0];

        Assert.Equal([(200, (string?)null), (200, null)], emulator.Requests.Select(r => (r.StatusCode, r.Task)));
        Assert.Equal(["jina-embeddings-v2-base-en", "jina-embeddings-v2-base-en"], emulator.Requests.Select(r => r.Model));
        Assert.Equal(q.Vector.ToArray(), p.Vector.ToArray());
    }

    [Fact]
    public async Task AddKeyedJinaEmbeddingGenerator_Factory_RegistersTheGeneratorAndItsRoles()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddKeyedJinaEmbeddingGenerator("made", _ => TestGenerators.Create(emulator), ServiceLifetime.Scoped);
        await using ServiceProvider provider = services.BuildServiceProvider();
        await using AsyncServiceScope scope = provider.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(JinaServiceCollectionExtensions.GetPassageServiceKey("made"))
            .GenerateAsync(["p"]);
        await scope.ServiceProvider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("made").GenerateAsync(["x"]);

        await using AsyncServiceScope other = provider.CreateAsyncScope();

        Assert.Equal(["retrieval.passage", null], emulator.Requests.Select(r => r.Task));
        Assert.NotSame(
            scope.ServiceProvider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("made"),
            other.ServiceProvider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("made"));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_UsesTheNamedHttpClientFromTheFactory()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        });
        services.AddHttpClient(JinaServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => counter);
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_UseLogging_LogsThroughTheContainersFactory()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        }).UseLogging();
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.NotEmpty(collector.GetSnapshot());
        Assert.All(collector.GetSnapshot(), r => Assert.DoesNotContain(emulator.ApiKey, r.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_RegisteredTimeProvider_IsTheGeneratorsClock()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<JinaEmbeddingGenerator>()!;

        Assert.Same(time, generator.Client.TimeProvider);
    }

    [Fact]
    public void AddJinaEmbeddingGenerator_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>("services", () => ((IServiceCollection)null!).AddJinaEmbeddingGenerator(_ => { }));
        Assert.Throws<ArgumentNullException>("configure", () => services.AddJinaEmbeddingGenerator((Action<JinaEmbeddingGeneratorOptions>)null!));
        Assert.Throws<ArgumentNullException>("serviceKey", () => services.AddKeyedJinaEmbeddingGenerator(null!, _ => { }));
        Assert.Throws<ArgumentNullException>("generatorFactory", () => services.AddJinaEmbeddingGenerator((Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>>)null!));
        Assert.Throws<ArgumentNullException>("generatorFactory", () => services.AddKeyedJinaEmbeddingGenerator("k", (Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>>)null!));
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_InvalidOptions_FailOnResolution()
    {
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = "k";
            o.Endpoint = new Uri("http://example.com/v1/");
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
