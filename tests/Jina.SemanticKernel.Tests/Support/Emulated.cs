using Jina.Extensions.AI;
using Jina.Testing;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>Builds Jina API generators and rerankers pointed at a loopback emulator.</summary>
public static class Emulated
{
    public static JinaEmbeddingGenerator Generator(JinaApiEmulator emulator, string model = "jina-embeddings-v3", int? dimensions = null) =>
        new(new JinaEmbeddingGeneratorOptions
        {
            ApiKey = emulator.ApiKey,
            Endpoint = emulator.Endpoint,
            ModelId = model,
            Dimensions = dimensions,
            MaxRetries = 0,
        });

    public static JinaReranker Reranker(JinaApiEmulator emulator, string model = "jina-reranker-v3") =>
        new(new JinaRerankerOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint, ModelId = model, MaxRetries = 0 });
}
