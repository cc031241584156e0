using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>A generator that embeds each query it knows to the vector it was given, so a test chooses exactly which chunks a search finds.</summary>
public sealed class ScriptedQueryGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Dictionary<string, float[]> Vectors { get; } = new(StringComparer.Ordinal);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Vectors.TryGetValue(v, out var vector)
            ? vector
            : throw new InvalidOperationException($"No vector scripted for '{v}'.")))));

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("scripted", defaultModelId: "scripted", defaultModelDimensions: dimensions)
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }
}
