using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A deterministic generator: the text "[1, 2, 3]" embeds to the vector (1, 2, 3); it records every input it is asked to embed.</summary>
public sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public ConcurrentQueue<string> Inputs { get; } = new();

    public int Calls => _calls;

    private int _calls;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            Inputs.Enqueue(value);
            embeddings.Add(new Embedding<float>(Parse(value)));
        }

        return Task.FromResult(embeddings);
    }

    public static float[] Parse(string text)
        => text.Trim('[', ']').Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
