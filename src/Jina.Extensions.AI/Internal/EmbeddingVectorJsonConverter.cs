using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>Reads a vector sent either as base64 (little-endian float32) or as a JSON number array, straight into a float buffer.</summary>
/// <remarks>Base64 is decoded from the reader's UTF-8 bytes: no intermediate string or byte array is allocated.</remarks>
internal sealed class EmbeddingVectorJsonConverter : JsonConverter<float[]>
{
    public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return ReadBase64(ref reader);
            case JsonTokenType.StartArray:
                return ReadArray(ref reader);
            default:
                throw new JsonException($"An embedding must be a base64 string or an array of numbers, not {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (float f in value)
        {
            writer.WriteNumberValue(f);
        }

        writer.WriteEndArray();
    }

    private static float[] ReadBase64(ref Utf8JsonReader reader) => JsonStringValue.Read(ref reader, DecodeBase64);

    private static float[] DecodeBase64(ReadOnlySpan<byte> utf8)
    {
        int byteCount = Base64.GetMaxDecodedFromUtf8Length(utf8.Length);
        if (utf8.Length > 0 && utf8[^1] == (byte)'=')
        {
            byteCount -= utf8.Length > 1 && utf8[^2] == (byte)'=' ? 2 : 1;
        }

        if (byteCount % sizeof(float) != 0)
        {
            throw new JsonException($"A base64 embedding decodes to {byteCount} bytes, which is not a whole number of float32 values.");
        }

        var vector = new float[byteCount / sizeof(float)];
        Span<byte> target = MemoryMarshal.AsBytes(vector.AsSpan());
        OperationStatus status = Base64.DecodeFromUtf8(utf8, target, out _, out int decoded);
        if (status != OperationStatus.Done || decoded != byteCount)
        {
            throw new JsonException("An embedding is not valid base64.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            Span<int> ints = MemoryMarshal.Cast<float, int>(vector.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }

        return vector;
    }

    private static float[] ReadArray(ref Utf8JsonReader reader)
    {
        var values = new List<float>(1024);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"An embedding array must hold numbers, not {reader.TokenType}.");
            }

            values.Add(reader.GetSingle());
        }

        return [.. values];
    }
}
