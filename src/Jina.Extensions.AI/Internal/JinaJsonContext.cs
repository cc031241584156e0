using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>Source-generated serialization of the wire types, so the library stays trimmable and AOT-compatible.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JinaEmbeddingRequest))]
[JsonSerializable(typeof(JinaEmbeddingResponse<JinaEmbeddingData>), TypeInfoPropertyName = "JinaEmbeddingResponse")]
[JsonSerializable(typeof(JinaEmbeddingResponse<JinaBinaryEmbeddingData>), TypeInfoPropertyName = "JinaBinaryEmbeddingResponse")]
internal sealed partial class JinaJsonContext : JsonSerializerContext;
