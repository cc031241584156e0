using Jina.Extensions.AI.Onnx;

namespace RagChat.Tests;

/// <summary>One local engine and one engine over the bundled corpus, shared by the tests of a class.</summary>
public sealed class LocalEngineFixture : IAsyncLifetime
{
    public OnnxEmbeddingGenerator Generator { get; } = new();

    internal RagChatEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await RagChatEngine.CreateAsync(Generator);
        await Engine.IngestAsync(Corpus.LoadBundled());
    }

    public Task DisposeAsync()
    {
        Generator.Dispose();
        return Task.CompletedTask;
    }
}
