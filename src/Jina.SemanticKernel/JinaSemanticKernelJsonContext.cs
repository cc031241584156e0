using System.Text.Json.Serialization;

namespace Jina.SemanticKernel;

/// <summary>Source-generated JSON metadata for the search plugin's parameters and results (trimming- and AOT-safe function calling).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<JinaSearchResult>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class JinaSemanticKernelJsonContext : JsonSerializerContext;
