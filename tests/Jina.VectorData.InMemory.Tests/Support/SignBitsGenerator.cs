using System.Collections;
using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A generator of floats and of bits, as JinaEmbeddingGenerator is: "[1, -2, 3]" embeds to those floats, or to their signs as bits.</summary>
public sealed class SignBitsGenerator : IEmbeddingGenerator<string, Embedding<float>>, IEmbeddingGenerator<string, BinaryEmbedding>
{
    private int _floatCalls;
    private int _binaryCalls;

    public int FloatCalls => _floatCalls;

    public int BinaryCalls => _binaryCalls;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _floatCalls);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(FakeEmbeddingGenerator.Parse(v)))));
    }

    Task<GeneratedEmbeddings<BinaryEmbedding>> IEmbeddingGenerator<string, BinaryEmbedding>.GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _binaryCalls);
        return Task.FromResult(new GeneratedEmbeddings<BinaryEmbedding>(values.Select(v =>
            new BinaryEmbedding(new BitArray(FakeEmbeddingGenerator.Parse(v).Select(f => f > 0).ToArray())))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
