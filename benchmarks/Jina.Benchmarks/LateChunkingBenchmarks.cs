using System.Text;
using BenchmarkDotNet.Attributes;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Jina.Benchmarks;

/// <summary>The late chunker's own cost: splitting and token counting of a 1 MB text.</summary>
[MemoryDiagnoser]
public class LateChunkingBenchmarks
{
    private string _megabyte = string.Empty;
    private LateChunker _estimatingChunker = null!;

    [GlobalSetup]
    public void Setup()
    {
        _megabyte = MegabyteText();
        _estimatingChunker = new LateChunker(new NoRequestGenerator());
    }

    /// <summary>Sentence splitting alone (no token counting).</summary>
    [Benchmark]
    public int SplitSentences_1MB() => ChunkSplitter.Sentences.Split(_megabyte).Count;

    /// <summary>What EmbedDocumentAsync does before its first request for the remote API: split, count every chunk, split the oversized.</summary>
    [Benchmark]
    public int SplitAndCount_Estimate_1MB() => _estimatingChunker.Split(_megabyte).Count;

    /// <summary>Token windows of 256 tokens over the whole text.</summary>
    [Benchmark]
    public int TokenWindows256_Estimate_1MB() => ChunkSplitter.TokenWindows(256).Split(_megabyte).Count;

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
