using Jina.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Jina.Extensions.AI.Tests;

/// <summary>Builds generators pointed at an emulator, with retries that wait a millisecond, and drives fake clocks.</summary>
internal static class TestGenerators
{
    public static JinaEmbeddingGeneratorOptions Options(JinaApiEmulator emulator, Action<JinaEmbeddingGeneratorOptions>? configure = null)
    {
        var options = new JinaEmbeddingGeneratorOptions
        {
            ApiKey = emulator.ApiKey,
            Endpoint = emulator.Endpoint,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        return options;
    }

    public static JinaEmbeddingGenerator Create(JinaApiEmulator emulator, Action<JinaEmbeddingGeneratorOptions>? configure = null) =>
        new(Options(emulator, configure));

    /// <summary>Starts an emulator whose clock (rate-limit windows, recorded times) is <paramref name="time"/>.</summary>
    public static Task<JinaApiEmulator> StartOnAsync(FakeTimeProvider time, Action<JinaApiEmulatorOptions>? configure = null)
    {
        var options = new JinaApiEmulatorOptions { TimeProvider = time };
        configure?.Invoke(options);
        return JinaApiEmulator.StartAsync(options);
    }

    /// <summary>Moves <paramref name="time"/> on in steps until <paramref name="task"/> ends, never while <paramref name="emulator"/> answers a request.</summary>
    /// <remarks>Real HTTP takes real milliseconds: the clock only moves once the emulator has been idle for a moment, so that no fake time passes in flight.</remarks>
    /// <exception cref="TimeoutException">The task did not end within <paramref name="limit"/> of fake time.</exception>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, JinaApiEmulator emulator, Task<T> task, TimeSpan step, TimeSpan limit)
    {
        await RunAsync(time, emulator, (Task)task, step, limit);
        return await task;
    }

    /// <inheritdoc cref="RunAsync{T}(FakeTimeProvider, JinaApiEmulator, Task{T}, TimeSpan, TimeSpan)"/>
    public static async Task RunAsync(this FakeTimeProvider time, JinaApiEmulator emulator, Task task, TimeSpan step, TimeSpan limit)
    {
        DateTimeOffset end = time.GetUtcNow() + limit;
        while (!task.IsCompleted)
        {
            if (time.GetUtcNow() >= end)
            {
                throw new TimeoutException($"The call had not ended after {limit} of fake time.");
            }

            int seen;
            do
            {
                seen = emulator.Requests.Count;
                await Task.WhenAny(task, Task.Delay(10));
            }
            while (!task.IsCompleted && (emulator.RequestsInFlight > 0 || emulator.Requests.Count != seen));

            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        await task;
    }

    /// <summary>Waits (in real time, briefly) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition(), "The condition did not hold within 10 s.");
    }

    public static float Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a.Span, b.Span);
}
