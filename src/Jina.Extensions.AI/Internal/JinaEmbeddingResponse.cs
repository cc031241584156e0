using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>The body of a successful embeddings response.</summary>
internal sealed class JinaEmbeddingResponse
{
    public string? Model { get; init; }

    public JinaUsage? Usage { get; init; }

    public List<JinaEmbeddingData?>? Data { get; init; }
}

/// <summary>The token usage of an embeddings response.</summary>
internal sealed class JinaUsage
{
    public long? TotalTokens { get; init; }

    public long? PromptTokens { get; init; }
}

/// <summary>One vector of an embeddings response.</summary>
internal sealed class JinaEmbeddingData
{
    public int? Index { get; init; }

    [JsonConverter(typeof(EmbeddingVectorJsonConverter))]
    public float[]? Embedding { get; init; }
}
