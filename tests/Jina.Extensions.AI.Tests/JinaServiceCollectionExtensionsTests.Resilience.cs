using System.Net;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddJinaEmbeddingGenerator_ByDefault_TheGeneratorIsTheOneLayerThatRetries()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueServerErrors(100);
        await using ServiceProvider provider = BuildWithRetries(emulator, asTheReadmeSays: false, resilienceHandler: false);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() =>
            provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1 + new JinaEmbeddingGeneratorOptions().MaxRetries, emulator.Requests.Count);
    }

    [Theory]
    [InlineData(true, 4)]       // as the README says: the handler's 3 retries are the only ones
    [InlineData(false, 4 * 6)]  // the generator's defaults left on: each of its 6 attempts is 4 of the handler's
    public async Task AddJinaEmbeddingGenerator_WithAResilienceHandler_CountsAttemptsThroughTheContainer(bool asTheReadmeSays, int expectedAttempts)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueServerErrors(100);
        await using ServiceProvider provider = BuildWithRetries(emulator, asTheReadmeSays, resilienceHandler: true);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() =>
            provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(expectedAttempts, emulator.Requests.Count);
    }

    [Fact]
    public async Task AddJinaEmbeddingGenerator_WithAResilienceHandlerAsTheReadmeSays_LeavesRateLimitsToTheHandler()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueRateLimits(2);
        await using ServiceProvider provider = BuildWithRetries(emulator, asTheReadmeSays: true, resilienceHandler: true);

        await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["text"]);

        Assert.Equal([429, 429, 200], emulator.Requests.Select(r => r.StatusCode));
    }

    // The container as an application builds it: the generator, and optionally a standard resilience handler with three quick retries.
    private static ServiceProvider BuildWithRetries(JinaApiEmulator emulator, bool asTheReadmeSays, bool resilienceHandler)
    {
        var services = new ServiceCollection();
        services.AddJinaEmbeddingGenerator(o =>
        {
            o.ApiKey = emulator.ApiKey;
            o.Endpoint = emulator.Endpoint;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            if (asTheReadmeSays)
            {
                o.MaxRetries = 0;
                o.MaxRateLimitWait = TimeSpan.Zero;
            }
        });
        if (resilienceHandler)
        {
            services.AddHttpClient(JinaServiceCollectionExtensions.HttpClientName).AddStandardResilienceHandler(resilience =>
            {
                resilience.Retry.MaxRetryAttempts = 3;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(1);
            });
        }

        return services.BuildServiceProvider();
    }
}
