namespace Jina.Extensions.AI.Onnx.Tests;

internal static class VectorAssert
{
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    public static float Norm(ReadOnlySpan<float> a) => System.Numerics.Tensors.TensorPrimitives.Norm(a);

    public static void IsUnit(ReadOnlySpan<float> vector) => Assert.InRange(Norm(vector), 0.999f, 1.001f);
}
