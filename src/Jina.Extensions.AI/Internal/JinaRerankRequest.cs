using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>The body of <c>POST /v1/rerank</c>; names are written in snake_case and nulls are omitted.</summary>
internal sealed class JinaRerankRequest
{
    public required string Model { get; init; }

    public required string Query { get; init; }

    public required IReadOnlyList<JinaRerankDocument> Documents { get; init; }

    public int? TopN { get; init; }

    /// <summary>Gets whether the service echoes each document back; always false here, because the caller has the documents.</summary>
    public required bool ReturnDocuments { get; init; }

    /// <summary>Gets the reranker's own spelling of "cut over-long input" (<c>truncation</c>, where the embeddings endpoint says <c>truncate</c>).</summary>
    public bool? Truncation { get; init; }

    public int? MaxDocLength { get; init; }

    public bool? ReturnEmbeddings { get; init; }
}

/// <summary>One document of a rerank request: text, sent as a plain string, or an image, sent as <c>{"image": URL or base64}</c>.</summary>
/// <param name="Text">The text, or <see langword="null"/> for an image.</param>
/// <param name="Image">The image's URL or base64 data, or <see langword="null"/> for text.</param>
[JsonConverter(typeof(JinaRerankDocumentJsonConverter))]
internal sealed record JinaRerankDocument(string? Text, string? Image);

/// <summary>Writes a <see cref="JinaRerankDocument"/> in the shape the API reads.</summary>
internal sealed class JinaRerankDocumentJsonConverter : JsonConverter<JinaRerankDocument>
{
    public override JinaRerankDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Rerank documents are only written.");

    public override void Write(Utf8JsonWriter writer, JinaRerankDocument value, JsonSerializerOptions options)
    {
        if (value.Image is { } image)
        {
            writer.WriteStartObject();
            writer.WriteString("image", image);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
