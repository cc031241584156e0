using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>The body of a successful embeddings response, with its vectors read as <typeparamref name="TData"/>.</summary>
/// <typeparam name="TData"><see cref="JinaEmbeddingData"/> for floats, <see cref="JinaBinaryEmbeddingData"/> for packed bits.</typeparam>
internal sealed class JinaEmbeddingResponse<TData>
    where TData : class, IJinaEmbeddingItem
{
    public string? Model { get; init; }

    public JinaUsage? Usage { get; init; }

    public List<TData?>? Data { get; init; }
}

/// <summary>The token usage of an embeddings response.</summary>
internal sealed class JinaUsage
{
    public long? TotalTokens { get; init; }

    public long? PromptTokens { get; init; }
}

/// <summary>One vector of an embeddings response, whatever its encoding.</summary>
internal interface IJinaEmbeddingItem
{
    /// <summary>Gets the position of the input the vector belongs to.</summary>
    int? Index { get; }

    /// <summary>Gets the length of the vector as sent: floats, or bytes of packed bits; 0 when there is none.</summary>
    int Length { get; }
}

/// <summary>One float vector of an embeddings response.</summary>
internal sealed class JinaEmbeddingData : IJinaEmbeddingItem
{
    public int? Index { get; init; }

    [JsonConverter(typeof(EmbeddingVectorJsonConverter))]
    public float[]? Embedding { get; init; }

    [JsonIgnore]
    public int Length => Embedding?.Length ?? 0;
}

/// <summary>One bit-packed vector of an embeddings response (<c>binary</c> or <c>ubinary</c>).</summary>
internal sealed class JinaBinaryEmbeddingData : IJinaEmbeddingItem
{
    public int? Index { get; init; }

    [JsonConverter(typeof(PackedBitsJsonConverter))]
    public JinaPackedBits? Embedding { get; init; }

    [JsonIgnore]
    public int Length => Embedding?.Bytes.Length ?? 0;
}
