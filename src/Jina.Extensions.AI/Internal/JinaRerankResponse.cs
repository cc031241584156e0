using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>The body of a successful rerank response.</summary>
internal sealed class JinaRerankResponse
{
    public string? Model { get; init; }

    public JinaUsage? Usage { get; init; }

    public List<JinaRerankResponseItem?>? Results { get; init; }
}

/// <summary>One scored document of a rerank response.</summary>
internal sealed class JinaRerankResponseItem
{
    public int? Index { get; init; }

    public double? RelevanceScore { get; init; }

    /// <summary>Gets the echoed document (a string or <c>{"text": …}</c>), read only so that an echo does not break the response.</summary>
    public JsonElement? Document { get; init; }

    [JsonConverter(typeof(EmbeddingVectorJsonConverter))]
    public float[]? Embedding { get; init; }
}
