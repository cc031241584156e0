using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The distance functions this store computes.</summary>
internal enum DistanceKind
{
    CosineSimilarity,
    CosineDistance,
    DotProductSimilarity,
    NegativeDotProductSimilarity,
    EuclideanDistance,
    EuclideanSquaredDistance,
    ManhattanDistance,
    HammingDistance,
}

/// <summary>Scores a stored vector against a query with <see cref="TensorPrimitives"/>.</summary>
internal static class DistanceScorer
{
    internal const string Supported =
        "CosineSimilarity (the default), CosineDistance, DotProductSimilarity, NegativeDotProductSimilarity, EuclideanDistance, EuclideanSquaredDistance, ManhattanDistance";

    public static DistanceKind Resolve(VectorPropertyModel vectorProperty)
    {
        // Bit vectors are compared by the bits they differ in; float vectors by one of the float functions.
        if (BitVectors.IsBitType(vectorProperty.EmbeddingType ?? vectorProperty.Type))
        {
            return vectorProperty.DistanceFunction is null or DistanceFunction.HammingDistance
                ? DistanceKind.HammingDistance
                : throw new NotSupportedException(
                    $"Vector property '{vectorProperty.ModelName}' holds bit vectors, which the in-memory vector store compares by HammingDistance (the default for them), not {vectorProperty.DistanceFunction}.");
        }

        return vectorProperty.DistanceFunction switch
        {
            null or DistanceFunction.CosineSimilarity => DistanceKind.CosineSimilarity,
            DistanceFunction.CosineDistance => DistanceKind.CosineDistance,
            DistanceFunction.DotProductSimilarity => DistanceKind.DotProductSimilarity,
            DistanceFunction.NegativeDotProductSimilarity => DistanceKind.NegativeDotProductSimilarity,
            DistanceFunction.EuclideanDistance => DistanceKind.EuclideanDistance,
            DistanceFunction.EuclideanSquaredDistance => DistanceKind.EuclideanSquaredDistance,
            DistanceFunction.ManhattanDistance => DistanceKind.ManhattanDistance,
            DistanceFunction.HammingDistance => throw new NotSupportedException(
                $"Vector property '{vectorProperty.ModelName}' holds float vectors, and 'HammingDistance' compares bit vectors: make it a BitArray or a " +
                $"BinaryEmbedding (with a generator of BinaryEmbedding for text), or use one of: {Supported}."),
            var other => throw new NotSupportedException(
                $"The distance function '{other}' of vector property '{vectorProperty.ModelName}' is not supported by the in-memory vector store. Use one of: {Supported}; HammingDistance for bit vectors."),
        };
    }

    /// <summary>Gets whether a higher score means a closer match (similarities) rather than a lower one (distances).</summary>
    public static bool HigherIsBetter(DistanceKind kind) => kind is DistanceKind.CosineSimilarity or DistanceKind.DotProductSimilarity;

    /// <summary>Scores <paramref name="vector"/> against <paramref name="query"/>.</summary>
    /// <param name="kind">The distance function.</param>
    /// <param name="query">The query vector.</param>
    /// <param name="vector">The stored vector.</param>
    /// <param name="queryNorm">The Euclidean norm of the query, used by the cosine functions.</param>
    /// <param name="vectorNorm">The Euclidean norm of the stored vector, computed once on upsert.</param>
    /// <param name="scratch">A buffer of the vectors' length for the functions that need a difference vector.</param>
    public static float Score(DistanceKind kind, ReadOnlySpan<float> query, ReadOnlySpan<float> vector, float queryNorm, float vectorNorm, Span<float> scratch)
    {
        switch (kind)
        {
            case DistanceKind.CosineSimilarity:
                return Cosine(query, vector, queryNorm, vectorNorm);
            case DistanceKind.CosineDistance:
                return 1f - Cosine(query, vector, queryNorm, vectorNorm);
            case DistanceKind.DotProductSimilarity:
                return TensorPrimitives.Dot(query, vector);
            case DistanceKind.NegativeDotProductSimilarity:
                return -TensorPrimitives.Dot(query, vector);
            case DistanceKind.EuclideanDistance:
                return TensorPrimitives.Distance(query, vector);
            case DistanceKind.EuclideanSquaredDistance:
                TensorPrimitives.Subtract(query, vector, scratch);
                return TensorPrimitives.SumOfSquares(scratch);
            default:
                TensorPrimitives.Subtract(query, vector, scratch);
                return TensorPrimitives.SumOfMagnitudes(scratch);
        }
    }

    // Norms are precomputed, so cosine costs one dot product: the scan stays a single pass over the stored floats.
    // A zero vector has no direction; it scores 0 rather than NaN so ordering stays total.
    private static float Cosine(ReadOnlySpan<float> query, ReadOnlySpan<float> vector, float queryNorm, float vectorNorm)
        => queryNorm == 0f || vectorNorm == 0f ? 0f : TensorPrimitives.Dot(query, vector) / (queryNorm * vectorNorm);
}
