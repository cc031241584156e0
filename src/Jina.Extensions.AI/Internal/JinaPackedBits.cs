using System.Collections;

namespace Jina.Extensions.AI;

/// <summary>A bit-packed vector as the service sent it, before the encoding (<c>binary</c> or <c>ubinary</c>) is applied.</summary>
/// <remarks>
/// Both encodings pack the signs of the float vector eight to a byte, dimension 0 in the most significant bit of byte 0 (numpy's
/// <c>packbits</c> order). <c>ubinary</c> sends each byte as it is (0 to 255); <c>binary</c> sends it as a signed byte offset by 128
/// (<c>byte - 128</c>, -128 to 127). Base64 carries the bytes; an integer array carries the values.
/// </remarks>
internal sealed class JinaPackedBits(byte[] bytes, bool fromIntegers, int min, int max)
{
    /// <summary>Gets the bytes as sent: the values of an integer array taken modulo 256, or the decoded base64.</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>Gets a value indicating whether the vector came as an integer array rather than base64.</summary>
    public bool FromIntegers { get; } = fromIntegers;

    /// <summary>Gets the smallest integer of an integer array (0 for base64).</summary>
    public int Min { get; } = min;

    /// <summary>Gets the largest integer of an integer array (255 for base64).</summary>
    public int Max { get; } = max;

    /// <summary>Returns the bits, dimension <c>i</c> at index <c>i</c>, or <see langword="null"/> when integers are out of the encoding's range.</summary>
    /// <param name="signed"><see langword="true"/> for <c>binary</c> (offset by 128), <see langword="false"/> for <c>ubinary</c>.</param>
    /// <param name="dimensions">The vector's length, at most the bytes times eight; the padding bits of the last byte are dropped.</param>
    public BitArray? ToBitArray(bool signed, int dimensions)
    {
        if (FromIntegers && (signed ? Min < -128 || Max > 127 : Min < 0 || Max > 255))
        {
            return null;
        }

        // BitArray keeps bit i in bit (i % 8) of byte i / 8, least significant first; the wire has the most significant first.
        var reordered = new byte[Bytes.Length];
        byte offset = signed ? (byte)0x80 : (byte)0;
        for (int i = 0; i < Bytes.Length; i++)
        {
            reordered[i] = ReverseBits((byte)(Bytes[i] ^ offset));
        }

        return new BitArray(reordered) { Length = dimensions };
    }

    private static byte ReverseBits(byte value)
    {
        int b = value;
        b = ((b & 0xF0) >> 4) | ((b & 0x0F) << 4);
        b = ((b & 0xCC) >> 2) | ((b & 0x33) << 2);
        b = ((b & 0xAA) >> 1) | ((b & 0x55) << 1);
        return (byte)b;
    }
}
