using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>The body of <c>POST /v1/embeddings</c>; names are written in snake_case and nulls are omitted.</summary>
internal sealed class JinaEmbeddingRequest
{
    public required string Model { get; init; }

    [JsonConverter(typeof(JinaEmbeddingInputListConverter))]
    public required IList<JinaEmbeddingInput> Input { get; init; }

    public string? Task { get; init; }

    public int? Dimensions { get; init; }

    public bool? LateChunking { get; init; }

    public required string EmbeddingType { get; init; }

    public bool? Normalized { get; init; }

    public bool? Truncate { get; init; }
}
