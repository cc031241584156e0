using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>The bit-vector side of <see cref="JinaEmbeddingGenerator"/>: <c>ubinary</c> and <c>binary</c> as <see cref="BinaryEmbedding"/>.</summary>
/// <remarks>
/// Each bit is the sign of one dimension of the float vector (1 for positive), dimension <c>i</c> at <c>Vector[i]</c>; a
/// 1024-dimension vector takes 128 bytes instead of 4 KB. The request asks for <c>ubinary</c> unless
/// <see cref="JinaPropertyNames.EmbeddingType"/> says <c>binary</c>; both wire forms, base64 and integer arrays, are read.
/// Reach it through the interface: <c>IEmbeddingGenerator&lt;string, BinaryEmbedding&gt; bits = generator;</c>.
/// </remarks>
public sealed partial class JinaEmbeddingGenerator : IEmbeddingGenerator<string, BinaryEmbedding>
{
    /// <summary>Returns a builder of a float pipeline around this generator, as MEAI's <c>AsBuilder()</c> extension does for a generator of one kind.</summary>
    /// <remarks>
    /// The generator is both an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of floats and one of bits, so the generic extension
    /// cannot tell which pipeline is meant; this one builds the float pipeline. For bits, start from the interface:
    /// <c>((IEmbeddingGenerator&lt;string, BinaryEmbedding&gt;)generator).AsBuilder()</c>.
    /// </remarks>
    /// <returns>A builder whose inner generator is this one.</returns>
    public EmbeddingGeneratorBuilder<string, Embedding<float>> AsBuilder() => new(this);

    /// <inheritdoc/>
    Task<GeneratedEmbeddings<BinaryEmbedding>> IEmbeddingGenerator<string, BinaryEmbedding>.GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken) =>
        GenerateCoreAsync<BinaryEmbedding>(TextInputs(values), options, cancellationToken);
}
