using System.Text.Json;

namespace Jina.Extensions.AI.Onnx.Tests;

/// <summary>Reads the seed article's examples (Data/examples.json, linked from Jina.Testing).</summary>
internal static class SeedExamples
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "examples.json"))).RootElement);

    public static string[] KnowledgeBaseEnglish => Strings(Root.Value.GetProperty("knowledge_base").GetProperty("en"));

    public static string[] AnaphoraDocument => Strings(Root.Value.GetProperty("late_chunking_anaphora").GetProperty("document"));

    public static string AnaphoraQuery => Root.Value.GetProperty("late_chunking_anaphora").GetProperty("query").GetString()!;

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
