namespace Jina.Extensions.AI.Onnx.Tests;

/// <summary>One bundled-model generator shared by a test class: loading the 90 MB model once keeps the run short.</summary>
public sealed class MiniLMFixture : IDisposable
{
    public OnnxEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}
