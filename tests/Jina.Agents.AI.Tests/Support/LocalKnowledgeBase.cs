using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Jina.SemanticKernel;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Agents.AI.Tests.Support;

/// <summary>The seed article's lightsaber FAQ, one document of one answer per line, late-chunked by the local engine into an in-memory store.</summary>
public sealed class LocalKnowledgeBase : IAsyncLifetime, IDisposable
{
    public const string Source = "docs/lightsaber-faq.md";

    private readonly InMemoryVectorStore _store = new();

    public OnnxEmbeddingGenerator Generator { get; } = new();

    public string Document { get; } = string.Join('\n', SeedExamples.Default.KnowledgeBase.En);

    public VectorStoreCollection<Guid, JinaDocumentChunk<Guid>> Collection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Collection = await _store.GetJinaCollectionAsync<Guid>("faq", Generator);
        var options = new JinaIngestionOptions { Chunker = new LateChunkerOptions { Splitter = ChunkSplitter.Lines } };
        await new JinaVectorStoreIngestor<Guid>(Collection, Generator, options).IngestAsync([new JinaDocument("lightsaber-faq", Document, Source)]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        Generator.Dispose();
    }
}
