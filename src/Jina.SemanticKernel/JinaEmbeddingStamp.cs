using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Identifies the vector space of a collection: the model that computed its vectors and their number of dimensions.</summary>
/// <param name="ModelId">The embedding model id, for example <c>jina-embeddings-v3</c>.</param>
/// <param name="Dimensions">The vector length.</param>
public sealed record JinaEmbeddingStamp(string ModelId, int Dimensions)
{
    /// <summary>Reads the stamp a generator's vectors will carry from its metadata and capabilities.</summary>
    /// <param name="generator">The generator: of text, or of images (<see cref="JinaImageEmbeddingGenerator"/>), whose vectors share the space of its model's text.</param>
    /// <param name="dimensions">The dimensions asked of the generator, or <see langword="null"/> for its default.</param>
    /// <returns>The stamp; <see cref="Dimensions"/> is 0 when neither the caller nor the generator says how long its vectors are.</returns>
    public static JinaEmbeddingStamp FromGenerator(IEmbeddingGenerator generator, int? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var capabilities = generator.GetService<EmbeddingModelCapabilities>();
        string modelId = metadata?.DefaultModelId ?? capabilities?.ModelId ?? "unknown";
        int dims = dimensions ?? metadata?.DefaultModelDimensions ?? capabilities?.DefaultDimensions ?? 0;
        return new JinaEmbeddingStamp(modelId, dims);
    }

    /// <summary>Returns the stamp of an ingestor's records, refusing a generator whose vector length is unknown.</summary>
    /// <exception cref="ArgumentException">The generator does not say how long its vectors are and <paramref name="dimensions"/> is not given.</exception>
    internal static JinaEmbeddingStamp ForIngestion(IEmbeddingGenerator generator, int? dimensions)
    {
        var stamp = FromGenerator(generator, dimensions);
        return stamp.Dimensions > 0
            ? stamp
            : throw new ArgumentException(
                $"The embedding generator for model '{stamp.ModelId}' does not say how long its vectors are. Set JinaIngestionOptions.Dimensions.",
                nameof(generator));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ModelId} ({Dimensions} dimensions)";
}
