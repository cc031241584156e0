using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Fails a search whose query vectors do not have the collection's length, instead of letting the store compare unlike vectors.</summary>
internal sealed class StampGuardEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> innerGenerator,
    string collectionName,
    JinaEmbeddingStamp collectionStamp)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var result = await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        foreach (var embedding in result)
        {
            if (embedding.Vector.Length != collectionStamp.Dimensions)
            {
                throw new JinaEmbeddingMismatchException(
                    collectionName,
                    collectionStamp,
                    new JinaEmbeddingStamp(embedding.ModelId ?? collectionStamp.ModelId, embedding.Vector.Length));
            }
        }

        return result;
    }
}
