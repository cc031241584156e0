using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The vectors of one vector property: one contiguous, growable buffer with a row per record, plus each row's norm.</summary>
/// <remarks>
/// A float column keeps <see cref="Dimensions"/> floats a row; a bit column keeps <see cref="Words"/> 64-bit words a row
/// (<see cref="BitVectors"/>), a thirty-second of the memory of the same vectors as floats.
/// </remarks>
internal sealed class VectorColumn(int dimensions, VectorKind kind = VectorKind.Float)
{
    public int Dimensions { get; } = dimensions;

    public VectorKind Kind { get; } = kind;

    /// <summary>Gets the 64-bit words of a bit column's row (0 for a float column).</summary>
    public int Words { get; } = kind == VectorKind.Bits ? BitVectors.WordsFor(dimensions) : 0;

    /// <summary>Gets the length of a row as it travels to <see cref="Set"/>: floats, or for a bit column two per word.</summary>
    public int PayloadLength => Kind == VectorKind.Bits ? Words * 2 : Dimensions;

    /// <summary>Gets the floats, row after row; row <c>r</c> starts at <c>r * Dimensions</c> (empty for a bit column).</summary>
    public float[] Data { get; private set; } = [];

    /// <summary>Gets the packed bits, row after row; row <c>r</c> starts at <c>r * Words</c> (empty for a float column).</summary>
    public ulong[] Bits { get; private set; } = [];

    /// <summary>Gets each row's Euclidean norm, so cosine needs one dot product per row (float columns).</summary>
    public float[] Norms { get; private set; } = [];

    /// <summary>Gets whether each row holds a vector (a record may have none for this property).</summary>
    public bool[] Present { get; private set; } = [];

    public void Grow(int rowCapacity)
    {
        long width = Kind == VectorKind.Bits ? Words : Dimensions;
        if ((long)rowCapacity * width > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The in-memory vector store cannot hold {rowCapacity} vectors of {Dimensions} dimensions in one collection; split the data across collections.");
        }

        if (Kind == VectorKind.Bits)
        {
            var bits = GC.AllocateUninitializedArray<ulong>(rowCapacity * Words);
            Bits.AsSpan().CopyTo(bits);
            Bits = bits;
        }
        else
        {
            var data = GC.AllocateUninitializedArray<float>(rowCapacity * Dimensions);
            Data.AsSpan().CopyTo(data);
            var norms = new float[rowCapacity];
            Norms.AsSpan().CopyTo(norms);
            (Data, Norms) = (data, norms);
        }

        var present = new bool[rowCapacity];
        Present.AsSpan().CopyTo(present);
        Present = present;
    }

    public ReadOnlySpan<float> Row(int row) => new(Data, row * Dimensions, Dimensions);

    public ReadOnlySpan<ulong> BitRow(int row) => new(Bits, row * Words, Words);

    /// <summary>Stores a row: a float vector, or for a bit column its packed words in the float-typed form of <see cref="BitVectors.Pack(System.Collections.BitArray)"/>.</summary>
    public void Set(int row, ReadOnlySpan<float> vector)
    {
        if (Kind == VectorKind.Bits)
        {
            MemoryMarshal.Cast<float, ulong>(vector).CopyTo(Bits.AsSpan(row * Words, Words));
        }
        else
        {
            vector.CopyTo(Data.AsSpan(row * Dimensions, Dimensions));
            Norms[row] = TensorPrimitives.Norm(vector);
        }

        Present[row] = true;
    }

    public void Clear(int row) => Present[row] = false;
}
