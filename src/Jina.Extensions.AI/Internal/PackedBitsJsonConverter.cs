using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>Reads a bit-packed vector sent as base64 (what the service sends) or as an integer array (what older integrations read).</summary>
internal sealed class PackedBitsJsonConverter : JsonConverter<JinaPackedBits>
{
    public override JinaPackedBits? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return ReadBase64(ref reader);
            case JsonTokenType.StartArray:
                return ReadIntegers(ref reader);
            default:
                throw new JsonException($"A binary embedding must be a base64 string or an array of integers, not {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, JinaPackedBits value, JsonSerializerOptions options) =>
        writer.WriteBase64StringValue(value.Bytes);

    private static JinaPackedBits ReadBase64(ref Utf8JsonReader reader) => JsonStringValue.Read(ref reader, DecodeBase64);

    private static JinaPackedBits DecodeBase64(ReadOnlySpan<byte> utf8)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(utf8.Length)];
        if (Base64.DecodeFromUtf8(utf8, bytes, out _, out int written) != OperationStatus.Done)
        {
            throw new JsonException("A binary embedding is not valid base64.");
        }

        return new JinaPackedBits(written == bytes.Length ? bytes : bytes[..written], fromIntegers: false, min: 0, max: 255);
    }

    private static JinaPackedBits ReadIntegers(ref Utf8JsonReader reader)
    {
        var bytes = new List<byte>(256);
        int min = int.MaxValue;
        int max = int.MinValue;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value))
            {
                throw new JsonException($"A binary embedding array must hold integers, not {reader.TokenType}.");
            }

            if (value is < -128 or > 255)
            {
                throw new JsonException($"A binary embedding array holds {value}; packed bits are bytes, -128 to 127 (binary) or 0 to 255 (ubinary).");
            }

            min = Math.Min(min, value);
            max = Math.Max(max, value);
            bytes.Add(unchecked((byte)value));
        }

        return new JinaPackedBits([.. bytes], fromIntegers: true, min, max);
    }
}
