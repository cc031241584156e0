using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Builds the MEVD collection model with the rules of this store: any data type, several vectors, float or bit vectors.</summary>
internal sealed class InMemoryModelBuilder() : CollectionModelBuilder(BuildingOptions)
{
    internal const string SupportedVectorTypes = "ReadOnlyMemory<float>, float[], Embedding<float>, and for bit vectors (HammingDistance) BitArray, BinaryEmbedding";

    private static readonly CollectionModelBuildingOptions BuildingOptions = new()
    {
        RequiresAtLeastOneVector = false,
        SupportsMultipleVectors = true,
    };

    internal static bool IsNativeVectorType(Type type)
        => type == typeof(ReadOnlyMemory<float>)
        || type == typeof(ReadOnlyMemory<float>?)
        || type == typeof(float[])
        || type == typeof(Embedding<float>)
        || BitVectors.IsBitType(type);

    /// <summary>Gets the embeddings generated for this store: floats first, then bits (<see cref="BinaryEmbedding"/>).</summary>
    protected override IReadOnlyList<EmbeddingGenerationDispatcher> EmbeddingGenerationDispatchers { get; } =
        [EmbeddingGenerationDispatcher.Create<Embedding<float>>(), EmbeddingGenerationDispatcher.Create<BinaryEmbedding>()];

    // A generator of both floats and bits (JinaEmbeddingGenerator) resolves to floats; a bit property, or a property to embed whose
    // distance function is HammingDistance, asks it for bits instead.
    protected override void Customize()
    {
        base.Customize();
        var binary = EmbeddingGenerationDispatchers[1];
        foreach (var property in VectorProperties)
        {
            if (property.EmbeddingGenerator is not { } generator)
            {
                continue;
            }

            if (BitVectors.IsBitType(property.Type))
            {
                property.EmbeddingGenerationDispatcher = property.CanGenerateEmbedding<BinaryEmbedding>(generator) ? binary : null;
            }
            else if (IsNativeVectorType(property.Type) && ReferenceEquals(property.EmbeddingGenerationDispatcher, binary))
            {
                // A float property searched with bits from a generator of bits only would compare bits to floats.
                property.EmbeddingGenerationDispatcher = null;
            }
            else if (!IsNativeVectorType(property.Type) && property.DistanceFunction == DistanceFunction.HammingDistance &&
                property.ResolveEmbeddingType<BinaryEmbedding>(generator, null) is { } bits)
            {
                property.EmbeddingType = bits;
                property.EmbeddingGenerationDispatcher = binary;
            }
        }
    }

    protected override void Validate(Type? type, VectorStoreCollectionDefinition? definition)
    {
        base.Validate(type, definition);

        // Unsupported distance functions fail when the collection is opened, not at the first search.
        foreach (var vectorProperty in VectorProperties)
        {
            _ = DistanceScorer.Resolve(vectorProperty);
        }
    }

    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        base.ValidateKeyProperty(keyProperty);

        var type = keyProperty.Type;
        if (type != typeof(string) && type != typeof(Guid) && type != typeof(int) && type != typeof(long))
        {
            throw new NotSupportedException(
                $"Key property '{keyProperty.ModelName}' has type '{type.Name}'; the in-memory vector store supports string, Guid, int and long keys.");
        }
    }

    // Values are held as .NET objects, so every data type round-trips.
    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = null;
        return true;
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return IsNativeVectorType(type);
    }
}
