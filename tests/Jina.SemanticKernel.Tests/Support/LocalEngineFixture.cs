using Jina.Extensions.AI.Onnx;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>One local ONNX engine (all-MiniLM-L6-v2, real semantic vectors) shared by the tests that need it.</summary>
public sealed class LocalEngineFixture : IDisposable
{
    public OnnxEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class LocalEngineCollection : ICollectionFixture<LocalEngineFixture>
{
    public const string Name = "Local engine";
}
