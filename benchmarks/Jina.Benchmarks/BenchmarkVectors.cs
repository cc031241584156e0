using System.Numerics.Tensors;

namespace Jina.Benchmarks;

/// <summary>Random unit vectors for the search benchmarks.</summary>
internal static class BenchmarkVectors
{
    /// <summary>Returns a vector of uniformly random components, scaled to length 1.</summary>
    public static float[] RandomUnit(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
