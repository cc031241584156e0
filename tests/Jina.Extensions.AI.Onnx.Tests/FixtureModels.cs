using System.Text.Json;

namespace Jina.Extensions.AI.Onnx.Tests;

/// <summary>The tiny models under Fixtures/ and the reference vectors make_fixtures.py computed for them with numpy.</summary>
internal static class FixtureModels
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected.json"))).RootElement);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string V3Tiny => Path.Combine(Folder, "v3-tiny");

    public static string BertPooled => Path.Combine(Folder, "bert-pooled");

    public static string Unsupported => Path.Combine(Folder, "unsupported", "model.onnx");

    public static IEnumerable<(string Task, string Text, int Tokens, float[] Embedding)> V3Plain =>
        Expected.Value.GetProperty("plain").EnumerateArray().Select(e =>
            (e.GetProperty("task").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("tokens").GetInt32(), Floats(e.GetProperty("embedding"))));

    public static IEnumerable<(string Task, string[] Chunks, int Tokens, float[][] Embeddings)> V3LateChunking =>
        Expected.Value.GetProperty("late_chunking").EnumerateArray().Select(e =>
            (e.GetProperty("task").GetString()!,
             e.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!).ToArray(),
             e.GetProperty("tokens").GetInt32(),
             e.GetProperty("embeddings").EnumerateArray().Select(Floats).ToArray()));

    public static IEnumerable<(string Text, float[] Embedding)> BertPooledPlain =>
        Expected.Value.GetProperty("bert_pooled").EnumerateArray().Select(e => (e.GetProperty("text").GetString()!, Floats(e.GetProperty("embedding"))));

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetSingle())];
}
