using System.Text.Json.Serialization;

namespace Jina.Extensions.AI;

/// <summary>Source-generated serialization of the rerank wire types.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JinaRerankRequest))]
[JsonSerializable(typeof(JinaRerankResponse))]
internal sealed partial class JinaRerankerJsonContext : JsonSerializerContext;
