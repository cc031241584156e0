using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Microsoft.Extensions.AI;

namespace Jina.Benchmarks;

/// <summary>
/// The late chunker's own cost (splitting and token counting of a 1 MB text) and the cost of late chunking a
/// 5,000-token document on the local engine against embedding its chunks without context.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LateChunkingBenchmarks
{
    private string _megabyte = string.Empty;
    private LateChunker _estimatingChunker = null!;
    private LateChunker _localChunker = null!;
    private LateChunker _localChunkerNoOverlap = null!;
    private OnnxEmbeddingGenerator _engine = null!;
    private string _document = string.Empty;
    private string[] _chunks = [];

    [GlobalSetup]
    public void Setup()
    {
        _megabyte = MegabyteText();
        _estimatingChunker = new LateChunker(new NoRequestGenerator());
        _engine = new OnnxEmbeddingGenerator();
        _localChunker = new LateChunker(_engine);
        _localChunkerNoOverlap = new LateChunker(_engine, new LateChunkerOptions { OverlapTokens = 0 });
        _document = DocumentOfTokens(_engine, 5000);
        _chunks = [.. _localChunker.Split(_document).Select(r => _document[r].Trim())];
        Console.WriteLine($"// Document: {_engine.Tokenizer.CountTokens(_document)} WordPiece tokens, {_chunks.Length} chunks; 1 MB text: {_megabyte.Length} chars.");
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Sentence splitting alone (no token counting).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Split1MB")]
    public int SplitSentences_1MB() => ChunkSplitter.Sentences.Split(_megabyte).Count;

    /// <summary>What EmbedDocumentAsync does before its first request for the remote API: split, count every chunk, split the oversized.</summary>
    [Benchmark]
    [BenchmarkCategory("Split1MB")]
    public int SplitAndCount_Estimate_1MB() => _estimatingChunker.Split(_megabyte).Count;

    /// <summary>The same with the local engine's WordPiece tokenizer counting.</summary>
    [Benchmark]
    [BenchmarkCategory("Split1MB")]
    public int SplitAndCount_WordPiece_1MB() => _localChunker.Split(_megabyte).Count;

    /// <summary>Token windows of 256 tokens over the whole text.</summary>
    [Benchmark]
    [BenchmarkCategory("Split1MB")]
    public int TokenWindows256_Estimate_1MB() => ChunkSplitter.TokenWindows(256).Split(_megabyte).Count;

    /// <summary>The document's chunks embedded without context, in one call (the engine batches them).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Local5000Tokens")]
    public async Task<int> ChunksAlone_OneCall() => (await _engine.GenerateAsync(_chunks)).Count;

    /// <summary>The document's chunks embedded without context, one call per chunk.</summary>
    [Benchmark]
    [BenchmarkCategory("Local5000Tokens")]
    public async Task<int> ChunksAlone_OneByOne()
    {
        int count = 0;
        foreach (string chunk in _chunks)
        {
            count += (await _engine.GenerateAsync([chunk])).Count;
        }

        return count;
    }

    /// <summary>The document late-chunked: split, windows of 512 tokens with the default overlap, one pass each.</summary>
    [Benchmark]
    [BenchmarkCategory("Local5000Tokens")]
    public async Task<int> LateChunked() => (await _localChunker.EmbedDocumentAsync(_document)).Count;

    /// <summary>The same without overlap: what the context carried into each window costs.</summary>
    [Benchmark]
    [BenchmarkCategory("Local5000Tokens")]
    public async Task<int> LateChunked_NoOverlap() => (await _localChunkerNoOverlap.EmbedDocumentAsync(_document)).Count;

    internal static string DocumentOfTokens(OnnxEmbeddingGenerator engine, int tokens)
    {
        string text = MegabyteText();
        int end = engine.Tokenizer.GetIndexByTokenCount(text, tokens, out _, out _);
        int sentenceEnd = text.LastIndexOf(". ", end, StringComparison.Ordinal);
        return text[..(sentenceEnd + 1)];
    }

    internal static string MegabyteText()
    {
        var random = new Random(1);
        string[] words =
        [
            "the", "lightsaber", "blade", "flickers", "because", "battery", "crystal", "is", "unstable", "charge", "Berlin",
            "city", "population", "of", "and", "recalibration", "Dr.", "3.14", "e.g.", "inhabitants", "European", "Union's",
        ];
        string[] chinese = ["为什么我的光剑刀锋在闪烁?", "刀锋闪烁可能表示电池电量不足或不稳定的水晶。", "请为电池充电并检查水晶的稳定性。"];
        var text = new StringBuilder(1 << 20);
        while (text.Length < 1 << 20)
        {
            if (random.Next(20) == 0)
            {
                text.Append(chinese[random.Next(chinese.Length)]);
                continue;
            }

            int count = random.Next(6, 24);
            text.Append("Sentence");
            for (int w = 1; w < count; w++)
            {
                text.Append(' ').Append(words[random.Next(words.Length)]);
            }

            text.Append(random.Next(10) == 0 ? ".\n\n" : ". ");
        }

        return text.ToString();
    }

    private sealed class NoRequestGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The splitting benchmarks send no request.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
