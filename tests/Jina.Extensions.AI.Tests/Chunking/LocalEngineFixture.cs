using Jina.Extensions.AI.Onnx;

namespace Jina.Extensions.AI.Tests;

/// <summary>One local engine (all-MiniLM-L6-v2, 512-token context) shared by a test class, loaded on first use.</summary>
public sealed class LocalEngineFixture : IDisposable
{
    private readonly Lazy<OnnxEmbeddingGenerator> _engine = new(() => new OnnxEmbeddingGenerator());

    public OnnxEmbeddingGenerator Engine => _engine.Value;

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value.Dispose();
        }
    }
}
