using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;

namespace Jina.SemanticKernel.Tests;

[Collection(LocalEngineCollection.Name)]
public sealed class JinaEmbeddingStampTests(LocalEngineFixture engine)
{
    [Fact]
    public async Task FromGenerator_JinaGenerator_ReadsModelAndConfiguredDimensions()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = Emulated.Generator(emulator, dimensions: 256);

        Assert.Equal(new JinaEmbeddingStamp("jina-embeddings-v3", 256), JinaEmbeddingStamp.FromGenerator(generator));
        Assert.Equal(new JinaEmbeddingStamp("jina-embeddings-v3", 128), JinaEmbeddingStamp.FromGenerator(generator, 128));
    }

    [Fact]
    public void FromGenerator_LocalEngine_ReadsItsModelAndSize() =>
        Assert.Equal(new JinaEmbeddingStamp("all-MiniLM-L6-v2", 384), JinaEmbeddingStamp.FromGenerator(engine.Generator));

    [Fact]
    public void FromGenerator_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => JinaEmbeddingStamp.FromGenerator(null!));
}
