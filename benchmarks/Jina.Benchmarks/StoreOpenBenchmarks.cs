using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Jina.SemanticKernel;
using Jina.Testing;
using Jina.VectorData.InMemory;

namespace Jina.Benchmarks;

/// <summary>
/// Opening a collection of 100,000 chunks of 1024 dimensions from its database (a new store, and the first read, which loads every
/// record into memory) next to what a durable index saves: re-embedding one document with the local engine, late-chunked as
/// ingestion does it. The database file is in the operating system's cache after setup, as it is on a second start.
/// </summary>
[MemoryDiagnoser]
public class StoreOpenBenchmarks
{
    private const int Chunks = 100_000;
    private const int Dimensions = 1024;
    private const string CollectionName = "chunks";

    private string _folder = string.Empty;
    private string _path = string.Empty;
    private OnnxEmbeddingGenerator _engine = null!;
    private LateChunker _chunker = null!;
    private string _chat = string.Empty;
    private string _note = string.Empty;
    private string _article = string.Empty;

    /// <summary>Writes the database and loads the local engine.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "jina-store-open-" + Guid.NewGuid().ToString("N"));
        _path = Path.Combine(_folder, "index.db");
        var random = new Random(7);
        using (var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = _path }))
        {
            var collection = store.GetCollection<Guid, JinaDocumentChunk<Guid>>(CollectionName, JinaDocumentChunk<Guid>.CreateCollectionDefinition(Dimensions));
            await collection.EnsureCollectionExistsAsync();
            var text = LateChunkingBenchmarks.MegabyteText();
            for (var start = 0; start < Chunks; start += 10_000)
            {
                await collection.UpsertAsync(Enumerable.Range(start, 10_000).Select(i => Chunk(i, text, random)).ToList());
            }
        }

        _engine = new OnnxEmbeddingGenerator();
        _chunker = new LateChunker(_engine, new LateChunkerOptions { Splitter = ChunkSplitter.Sentences });
        _chat = string.Join('\n', SeedExamples.Default.ChatHistory.En);
        _note = LateChunkingBenchmarks.DocumentOfTokens(_engine, 1000);
        _article = LateChunkingBenchmarks.DocumentOfTokens(_engine, 5000);
        Console.WriteLine($"// Database: {new FileInfo(_path).Length / 1048576} MB; documents of {_engine.Tokenizer.CountTokens(_chat)}, {_engine.Tokenizer.CountTokens(_note)} and {_engine.Tokenizer.CountTokens(_article)} tokens.");
    }

    /// <summary>Releases the engine and deletes the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A new store on the database, and the first read, which loads the 100,000 records and their vectors into memory.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OpenFromDatabase()
    {
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = _path });
        var collection = store.GetCollection<Guid, JinaDocumentChunk<Guid>>(CollectionName, JinaDocumentChunk<Guid>.CreateCollectionDefinition(Dimensions));
        return (await collection.GetAsync(JinaChunkKeys.Create<Guid>("doc-0", 0)))?.ChunkIndex ?? -1;
    }

    /// <summary>Re-embedding the seed's chat history (ten messages), late-chunked.</summary>
    [Benchmark]
    public async Task<int> EmbedChatHistory() => (await _chunker.EmbedDocumentAsync(_chat)).Count;

    /// <summary>Re-embedding a 1,000-token note, late-chunked by sentence.</summary>
    [Benchmark]
    public async Task<int> EmbedNoteOf1000Tokens() => (await _chunker.EmbedDocumentAsync(_note)).Count;

    /// <summary>Re-embedding a 5,000-token article, late-chunked by sentence.</summary>
    [Benchmark]
    public async Task<int> EmbedArticleOf5000Tokens() => (await _chunker.EmbedDocumentAsync(_article)).Count;

    private static JinaDocumentChunk<Guid> Chunk(int i, string text, Random random)
    {
        var vector = new float[Dimensions];
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        var document = $"doc-{i / 20}";
        var start = (i * 311) % (text.Length - 400);
        return new JinaDocumentChunk<Guid>
        {
            Key = JinaChunkKeys.Create<Guid>(document, i % 20),
            DocumentId = document,
            ChunkIndex = i % 20,
            ChunkCount = 20,
            Text = text.Substring(start, 300),
            Start = start,
            Length = 300,
            Source = $"notes/{document}.md",
            DocumentHash = "0123456789abcdef0123456789abcdef",
            EmbeddingModel = "jina-embeddings-v3",
            EmbeddingTask = "retrieval.passage",
            Dimensions = Dimensions,
            Vector = vector,
        };
    }
}
