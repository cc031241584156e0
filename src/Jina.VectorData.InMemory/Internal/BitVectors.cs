using System.Collections;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Bit vectors as this store keeps them: dimension <c>i</c> in bit <c>i % 64</c> of 64-bit word <c>i / 64</c>, the bits past the last dimension zero.</summary>
/// <remarks>
/// Records travel to a column as a <see cref="ReadOnlyMemory{T}"/> of <see cref="float"/>, so a bit vector travels as its packed words
/// seen as floats, two per word (<see cref="Pack(BitArray)"/>): the bytes are copied, never read as numbers.
/// </remarks>
internal static class BitVectors
{
    /// <summary>Returns the number of 64-bit words a vector of <paramref name="dimensions"/> bits takes.</summary>
    public static int WordsFor(int dimensions) => (dimensions + 63) / 64;

    /// <summary>Returns whether a vector property of this type holds bits.</summary>
    public static bool IsBitType(Type type) => type == typeof(BitArray) || type == typeof(BinaryEmbedding);

    /// <summary>Packs a bit vector into the float-typed form a column takes; <see langword="null"/> when <paramref name="value"/> is not one.</summary>
    public static float[]? Pack(object? value) => value switch
    {
        BitArray bits => Pack(bits),
        BinaryEmbedding embedding => Pack(embedding.Vector),
        _ => null,
    };

    /// <summary>Packs a <see cref="BitArray"/> into the float-typed form a column takes.</summary>
    public static float[] Pack(BitArray bits)
    {
        var payload = new float[WordsFor(bits.Length) * 2];
        PackInto(bits, MemoryMarshal.Cast<float, ulong>(payload.AsSpan()));
        return payload;
    }

    /// <summary>Packs a <see cref="BitArray"/> into 64-bit words, as a query.</summary>
    public static ulong[] PackWords(BitArray bits)
    {
        var words = new ulong[WordsFor(bits.Length)];
        PackInto(bits, words);
        return words;
    }

    /// <summary>Packs the signs of a float vector (1 for a positive value), as the Jina API's <c>ubinary</c> does; for the query of a rescored search.</summary>
    public static ulong[] PackSigns(ReadOnlySpan<float> vector, int dimensions)
    {
        var words = new ulong[WordsFor(dimensions)];
        for (var i = 0; i < dimensions; i++)
        {
            if (vector[i] > 0)
            {
                words[i / 64] |= 1UL << (i % 64);
            }
        }

        return words;
    }

    private static void PackInto(BitArray bits, Span<ulong> words)
    {
        var ints = new int[(bits.Length + 31) / 32];
        bits.CopyTo(ints, 0);
        for (var i = 0; i < ints.Length; i++)
        {
            words[i / 2] |= (ulong)(uint)ints[i] << (32 * (i % 2));
        }

        // A BitArray shortened after its bits were set may still hold them past its length; they are not part of the vector.
        if (bits.Length % 64 != 0)
        {
            words[^1] &= (1UL << (bits.Length % 64)) - 1;
        }
    }

    /// <summary>Unpacks a stored bit vector.</summary>
    public static BitArray Unpack(ReadOnlySpan<ulong> words, int dimensions)
    {
        var bits = new BitArray(dimensions);
        for (var i = 0; i < dimensions; i++)
        {
            bits[i] = (words[i / 64] & (1UL << (i % 64))) != 0;
        }

        return bits;
    }

    /// <summary>Returns the number of bits that differ: one XOR and one hardware population count per 64-bit word.</summary>
    public static int Hamming(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var distance = 0;
        for (var i = 0; i < a.Length; i++)
        {
            distance += BitOperations.PopCount(a[i] ^ b[i]);
        }

        return distance;
    }
}
