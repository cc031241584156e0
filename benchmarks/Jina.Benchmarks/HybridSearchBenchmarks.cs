using System.Text;
using BenchmarkDotNet.Attributes;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// Top-10 hybrid search (vector + BM25 keywords, fused by relative score) over 100,000 chunks of text next to top-10 vector
/// search over the same collection in the same run: the ratio is what the keyword half costs.
/// </summary>
/// <remarks>
/// The chunks are 30–70 words drawn from a Zipf-distributed vocabulary of 50,000 words (as in natural text: a few words are in
/// almost every chunk, most in few), and one chunk in ten is Chinese, split into characters and character pairs. Questions mix
/// common and rare words (English, 8 words) or are a Chinese sentence, so the longest posting lists are read on every search.
/// </remarks>
[MemoryDiagnoser]
public class HybridSearchBenchmarks
{
    private const int Count = 100_000;
    private const int Vocabulary = 50_000;
    private const int Queries = 16;

    private InMemoryCollection<int, ChunkRecord> _collection = null!;
    private float[][] _vectors = null!;
    private string[][] _keywords = null!;
    private string[] _words = null!;
    private double[] _cumulative = null!;
    private int _next;

    /// <summary>Gets or sets the dimensions of the vectors.</summary>
    [Params(384, 1024)]
    public int Dimensions { get; set; }

    /// <summary>Fills the collection and runs one hybrid search, which builds the keyword index.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var random = new Random(2024);
        _words = Enumerable.Range(0, Vocabulary).Select(i => RandomWord(random, i)).ToArray();
        _cumulative = new double[Vocabulary];
        var sum = 0.0;
        for (var i = 0; i < Vocabulary; i++)
        {
            sum += 1.0 / (i + 1);
            _cumulative[i] = sum;
        }

        for (var i = 0; i < Vocabulary; i++)
        {
            _cumulative[i] /= sum;
        }

        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(ChunkRecord.Id), typeof(int)),
                new VectorStoreDataProperty(nameof(ChunkRecord.Text), typeof(string)) { IsFullTextIndexed = true },
                new VectorStoreVectorProperty(nameof(ChunkRecord.Vector), typeof(ReadOnlyMemory<float>), Dimensions),
            ],
        };
        _collection = new InMemoryCollection<int, ChunkRecord>("bench", new() { Definition = definition });
        await _collection.EnsureCollectionExistsAsync();

        var records = new ChunkRecord[Count];
        for (var i = 0; i < Count; i++)
        {
            records[i] = new ChunkRecord { Id = i, Text = i % 10 == 9 ? ChineseText(random) : EnglishText(random, random.Next(30, 71)), Vector = BenchmarkVectors.RandomUnit(random, Dimensions) };
        }

        await _collection.UpsertAsync(records);
        _vectors = Enumerable.Range(0, Queries).Select(_ => BenchmarkVectors.RandomUnit(random, Dimensions)).ToArray();
        _keywords = Enumerable.Range(0, Queries).Select(q => new[] { q % 4 == 3 ? "为什么我的光剑刀锋在闪烁?" : EnglishText(random, 8) }).ToArray();
        await foreach (var _ in _collection.HybridSearchAsync(_vectors[0], _keywords[0], top: 10))
        {
        }
    }

    /// <summary>Releases the collection.</summary>
    [GlobalCleanup]
    public void Cleanup() => _collection.Dispose();

    /// <summary>Top-10 cosine search over all vectors.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> VectorTop10()
    {
        var count = 0;
        await foreach (var result in _collection.SearchAsync(_vectors[_next++ % Queries], top: 10))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Top-10 hybrid search: the same vector ranking, a BM25 ranking of the texts, fused.</summary>
    [Benchmark]
    public async Task<int> HybridTop10()
    {
        var count = 0;
        var query = _next++ % Queries;
        await foreach (var result in _collection.HybridSearchAsync(_vectors[query], _keywords[query], top: 10))
        {
            count += result.Record.Id >= 0 ? 1 : 0;
        }

        return count;
    }

    private static string RandomWord(Random random, int i)
    {
        var length = 3 + (i % 8);
        var word = new char[length];
        for (var c = 0; c < length; c++)
        {
            word[c] = (char)('a' + random.Next(26));
        }

        return new string(word);
    }

    private static string ChineseText(Random random)
    {
        var text = new StringBuilder();
        for (var c = 0; c < 60; c++)
        {
            _ = text.Append((char)(0x4E00 + (int)(Math.Pow(random.NextDouble(), 3) * 3000)));
        }

        return text.ToString();
    }

    private string EnglishText(Random random, int words)
    {
        var text = new StringBuilder();
        for (var w = 0; w < words; w++)
        {
            var at = Array.BinarySearch(_cumulative, random.NextDouble());
            _ = text.Append(_words[at < 0 ? Math.Min(~at, Vocabulary - 1) : at]).Append(' ');
        }

        return text.ToString();
    }

    /// <summary>A benchmark record: a chunk of text and its vector.</summary>
    public sealed class ChunkRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets the text.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
