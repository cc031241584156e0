using System.Collections.Concurrent;
using Jina.Testing;

namespace Jina.Extensions.AI.Tests;

/// <summary>Builds generators pointed at an emulator, with retries that record their delays instead of sleeping.</summary>
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
        Create(emulator, out _, configure);

    public static JinaEmbeddingGenerator Create(JinaApiEmulator emulator, out ConcurrentQueue<TimeSpan> delays, Action<JinaEmbeddingGeneratorOptions>? configure = null)
    {
        var recorded = new ConcurrentQueue<TimeSpan>();
        delays = recorded;
        return new JinaEmbeddingGenerator(Options(emulator, configure))
        {
            DelayAsync = (delay, token) =>
            {
                recorded.Enqueue(delay);
                return Task.Delay(TimeSpan.FromMilliseconds(1), token);
            },
        };
    }

    public static float Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a.Span, b.Span);
}
