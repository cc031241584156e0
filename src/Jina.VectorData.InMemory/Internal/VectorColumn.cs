using System.Numerics.Tensors;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The vectors of one vector property: one contiguous, growable buffer with a row per record, plus each row's norm.</summary>
internal sealed class VectorColumn(int dimensions)
{
    public int Dimensions { get; } = dimensions;

    /// <summary>Gets the floats, row after row; row <c>r</c> starts at <c>r * Dimensions</c>.</summary>
    public float[] Data { get; private set; } = [];

    /// <summary>Gets each row's Euclidean norm, so cosine needs one dot product per row.</summary>
    public float[] Norms { get; private set; } = [];

    /// <summary>Gets whether each row holds a vector (a record may have none for this property).</summary>
    public bool[] Present { get; private set; } = [];

    public void Grow(int rowCapacity)
    {
        if ((long)rowCapacity * Dimensions > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The in-memory vector store cannot hold {rowCapacity} vectors of {Dimensions} dimensions in one collection; split the data across collections.");
        }

        var data = GC.AllocateUninitializedArray<float>(rowCapacity * Dimensions);
        Data.AsSpan().CopyTo(data);
        var norms = new float[rowCapacity];
        Norms.AsSpan().CopyTo(norms);
        var present = new bool[rowCapacity];
        Present.AsSpan().CopyTo(present);
        (Data, Norms, Present) = (data, norms, present);
    }

    public ReadOnlySpan<float> Row(int row) => new(Data, row * Dimensions, Dimensions);

    public void Set(int row, ReadOnlySpan<float> vector)
    {
        vector.CopyTo(Data.AsSpan(row * Dimensions, Dimensions));
        Norms[row] = TensorPrimitives.Norm(vector);
        Present[row] = true;
    }

    public void Clear(int row) => Present[row] = false;
}
