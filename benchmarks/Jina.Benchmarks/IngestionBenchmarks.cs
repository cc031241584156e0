using BenchmarkDotNet.Attributes;
using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Jina.SemanticKernel;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// Ingestion throughput on the local engine: the seed's lightsaber knowledge base and birthday chat, repeated under new
/// document ids until they make <see cref="TargetChunks"/> chunks, late-chunked, embedded and upserted into the in-memory
/// store. <see cref="EmbedOnly"/> (the baseline) runs the same late chunking without a store, so the ratio is what the
/// ingestor adds: hashing, up-to-date checks, records, upserts and stale-chunk queries. Chunks per second is
/// <see cref="ChunkCount"/> divided by the mean time; each invocation is long (tens of seconds on two cores), so run it with
/// <c>--job short</c> or <c>--job dry</c>.
/// </summary>
public class IngestionBenchmarks
{
    private OnnxEmbeddingGenerator _engine = null!;
    private LateChunker _chunker = null!;
    private List<JinaDocument> _documents = null!;
    private InMemoryVectorStore _store = null!;
    private VectorStoreCollection<string, JinaDocumentChunk<string>> _collection = null!;
    private int _run;

    /// <summary>Gets or sets how many chunks the repeated corpus makes, at least.</summary>
    [Params(10_000)]
    public int TargetChunks { get; set; }

    /// <summary>Gets the exact number of chunks the corpus makes (printed at setup).</summary>
    public int ChunkCount { get; private set; }

    /// <summary>Loads the engine and repeats the corpus until it makes enough chunks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = new OnnxEmbeddingGenerator();
        _chunker = new LateChunker(_engine);
        var seed = SeedExamples.Default;
        var originals = seed.KnowledgeBase.En.Select((text, i) => (Id: $"kb/{i}", Text: text, Source: "lightsaber-faq.md"))
            .Append((Id: "chat", Text: string.Join('\n', seed.ChatHistory.En), Source: "chat-history.txt"))
            .Select(d => (d.Id, d.Text, d.Source, Chunks: _chunker.Split(d.Text).Count))
            .ToList();

        _documents = [];
        ChunkCount = 0;
        for (int copy = 0; ChunkCount < TargetChunks; copy++)
        {
            foreach (var (id, text, source, chunks) in originals)
            {
                _documents.Add(new JinaDocument($"{id}/copy-{copy}", text, source));
                ChunkCount += chunks;
            }
        }

        Console.WriteLine($"// IngestionBenchmarks: {_documents.Count} documents, {ChunkCount} chunks");
    }

    /// <summary>Opens a fresh, empty collection for the next invocation, so nothing is skipped as up to date.</summary>
    [IterationSetup]
    public void OpenCollection()
    {
        _store?.Dispose();
        _store = new InMemoryVectorStore();
        _collection = _store.GetCollection<string, JinaDocumentChunk<string>>($"run-{_run++}", JinaDocumentChunk<string>.CreateCollectionDefinition(384));
    }

    /// <summary>Late-chunks and embeds every document, without storing anything.</summary>
    /// <returns>The number of chunks embedded.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> EmbedOnly()
    {
        int chunks = 0;
        foreach (var document in _documents)
        {
            chunks += (await _chunker.EmbedDocumentAsync(document.Text)).Count;
        }

        return chunks;
    }

    /// <summary>Ingests every document into the collection: late chunking, embedding, records, upserts, stale-chunk removal.</summary>
    /// <returns>The number of chunks written.</returns>
    [Benchmark]
    public async Task<long> Ingest()
    {
        var result = await new JinaVectorStoreIngestor<string>(_collection, _engine).IngestAsync(_documents);
        return result.ChunksWritten;
    }

    /// <summary>Releases the engine and the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _engine.Dispose();
    }
}
