using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>What one input of <c>POST /v1/embeddings</c> is: text, or an image or a PDF given by address or by bytes.</summary>
internal enum JinaInputKind
{
    Text,
    Image,
    Pdf,
}

/// <summary>One input of an embeddings request, written as the API takes it: a string, or <c>{"image": …}</c> / <c>{"pdf": …}</c>.</summary>
/// <remarks>An image or PDF carries either an address (<see cref="Text"/>, sent as it is) or its bytes (<see cref="Data"/>, sent as base64).</remarks>
internal readonly record struct JinaEmbeddingInput(JinaInputKind Kind, string? Text, ReadOnlyMemory<byte> Data)
{
    /// <summary>The largest image or PDF the service takes, 8 MB.</summary>
    public const int MaxMediaBytes = 8 * 1024 * 1024;

    /// <summary>Gets a value indicating whether the input is an image or a PDF rather than text.</summary>
    public bool IsMedia => Kind != JinaInputKind.Text;

    /// <summary>Gets the number of bytes the input adds to a request body, roughly: its base64 or its text.</summary>
    public long WireLength => Text?.Length ?? ((Data.Length + 2L) / 3 * 4);

    public static JinaEmbeddingInput FromText(string text) => new(JinaInputKind.Text, text, default);
}

/// <summary>Writes the <c>input</c> list: text as strings, images and PDFs as one-field objects; bytes go through base64 without a string in between.</summary>
internal sealed class JinaEmbeddingInputListConverter : JsonConverter<IList<JinaEmbeddingInput>>
{
    public override IList<JinaEmbeddingInput> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Embedding inputs are only written.");

    public override void Write(Utf8JsonWriter writer, IList<JinaEmbeddingInput> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (JinaEmbeddingInput input in value)
        {
            if (input.Kind == JinaInputKind.Text)
            {
                writer.WriteStringValue(input.Text);
                continue;
            }

            string name = input.Kind == JinaInputKind.Image ? "image" : "pdf";
            writer.WriteStartObject();
            if (input.Text is not null)
            {
                writer.WriteString(name, input.Text);
            }
            else
            {
                writer.WriteBase64String(name, input.Data.Span);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
