using System.Buffers;
using System.Text.Json;

namespace Jina.Extensions.AI;

/// <summary>Reads the UTF-8 bytes of a JSON string value.</summary>
internal delegate T Utf8ValueReader<T>(ReadOnlySpan<byte> utf8);

/// <summary>Hands the bytes of a JSON string to a reader without an intermediate string: the reader's own span where it can.</summary>
internal static class JsonStringValue
{
    public static T Read<T>(ref Utf8JsonReader reader, Utf8ValueReader<T> read)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return read(reader.ValueSpan);
        }

        // Rare: the value spans buffers or has escapes such as "\/"; it is unescaped into a pooled buffer.
        int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return read(rented.AsSpan(0, reader.CopyString(rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
