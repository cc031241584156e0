using System.Collections.Concurrent;
using Jina.Extensions.AI.Onnx;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>The late chunker on the local engine (all-MiniLM-L6-v2, 512-token context, its own tokenizer).</summary>
public partial class LateChunkerTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task EmbedChunksAsync_ChatHistoryOnLocalEngine_OneRequestTenVectorsChangedByContext(string language)
    {
        IReadOnlyList<string> chat = language == "en" ? SeedExamples.Default.ChatHistory.En : SeedExamples.Default.ChatHistory.Zh;
        var requests = new ConcurrentQueue<string[]>();
        var chunker = new LateChunker(Recording(requests));

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedChunksAsync(chat);

        Assert.Equal(chat, Assert.Single(requests));
        Assert.Equal(10, chunks.Count);
        GeneratedEmbeddings<Embedding<float>> alone = await local.Engine.GenerateAsync(chat);
        for (int i = 0; i < chunks.Count; i++)
        {
            Assert.Equal(384, chunks[i].Embedding.Vector.Length);
            Assert.True(Cosine(chunks[i].Embedding, alone[i]) < 0.999f, $"message {i} is unchanged by its context");
        }
    }

    [Fact]
    public async Task EmbedChunksAsync_CachingPipelineOnLocalEngine_BypassesTheCache()
    {
        IReadOnlyList<string> chat = SeedExamples.Default.ChatHistory.En;
        var cache = new CountingDistributedCache();
        var pipeline = local.Engine.AsBuilder().UseDistributedCache(cache).Build();

        IReadOnlyList<EmbeddedChunk> viaPipeline = await new LateChunker(pipeline).EmbedChunksAsync(chat);
        IReadOnlyList<EmbeddedChunk> direct = await new LateChunker(local.Engine).EmbedChunksAsync(chat);

        Assert.Same(local.Engine, pipeline.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>), CacheBypass.ProviderKey));
        Assert.Equal(0, cache.Count);
        Assert.All(viaPipeline.Zip(direct), p => Assert.True(Cosine(p.First.Embedding, p.Second.Embedding) > 0.9999f));
    }

    [Fact]
    public async Task EmbedDocumentAsync_ThreeThousandTokensOnLocalEngine_EveryChunkEmbeddedWithPrecedingContext()
    {
        int words = 2000;
        string document = Words(words);
        while (local.Engine.Tokenizer.CountTokens(document) < 3000)
        {
            document = Words(words += 200);
        }

        var requests = new ConcurrentQueue<string[]>();
        var chunker = new LateChunker(Recording(requests));

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        string[][] windows = [.. requests.OrderBy(r => IndexOf(chunks, r[^1]))];
        Assert.True(windows.Length >= 6, $"{windows.Length} windows");
        Assert.All(windows, w => Assert.InRange(local.Engine.Tokenizer.CountTokens(string.Join(' ', w)) + 2, 1, 512));
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(384, c.Embedding.Vector.Length));

        // Window 2 starts with context from window 1; the first chunk it owns is embedded with that text before it.
        Assert.Contains(windows[1][0], windows[0]);
        string firstOwned = windows[1].First(input => !windows[0].Contains(input));
        EmbeddedChunk chunk = chunks.Single(c => c.Text.Trim() == firstOwned);
        Embedding<float> alone = (await local.Engine.GenerateAsync([firstOwned]))[0];
        Assert.True(Cosine(chunk.Embedding, alone) < 0.999f);
    }

    [Fact]
    public async Task EmbedDocumentAsync_AnaphoraOnLocalEngine_ReferringChunksCloserToQuery()
    {
        SeedExamples.AnaphoraExample example = SeedExamples.Default.LateChunkingAnaphora;
        var chunker = new LateChunker(local.Engine);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(string.Join(' ', example.Document));

        Assert.Equal(example.Document, chunks.Select(c => c.Text.Trim()));
        Embedding<float> query = (await local.Engine.GenerateAsync([example.Query]))[0];
        GeneratedEmbeddings<Embedding<float>> alone = await local.Engine.GenerateAsync(example.Document);
        for (int i = 1; i <= 2; i++)
        {
            float late = Cosine(query, chunks[i].Embedding);
            float single = Cosine(query, alone[i]);
            Assert.True(late > single, $"chunk {i}: late-chunked {late:F3} is not above alone {single:F3}");
        }
    }

    [Fact]
    public async Task EmbedDocumentAsync_V3EngineWithInstruction_EveryWindowFitsTheContextWithoutRewindowing()
    {
        // jina-embeddings-v3's engine puts "Represent the document for retrieval: " before the first input of each request.
        const int Context = 96;
        using var engine = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = V3TinyModel(), MaxInputTokens = Context });
        var usage = new ConcurrentQueue<long?>();
        var chunker = new LateChunker(RecordingUsage(engine, usage));
        string document = ChunkSplitterTests.LongEnglishText(60);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        // The engine reports the tokens of every window it ran: more than the context means it had to re-window a request.
        Assert.True(usage.Count >= 5, $"{usage.Count} windows");
        Assert.All(usage, tokens => Assert.InRange(tokens!.Value, 3, Context));
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(64, c.Embedding.Vector.Length));
    }

    [Fact]
    public async Task EmbedDocumentAsync_LocalEngine_WindowsFillTheContextWithSpecialTokensWithoutRewindowing()
    {
        // The engine's tokenizer counts without [CLS]/[SEP]; its 512-token context counts them. Two-token chunks
        // ("go", ".") without an instruction fill a window to the token, so a window one chunk too long would show.
        var usage = new ConcurrentQueue<long?>();
        var chunker = new LateChunker(RecordingUsage(local.Engine, usage), new LateChunkerOptions
        {
            OverlapTokens = 0,
            EmbeddingOptions = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.TextMatching),
        });

        await chunker.EmbedDocumentAsync(string.Concat(Enumerable.Repeat("Go. ", 700)));

        Assert.Equal(3, usage.Count);
        Assert.All(usage, tokens => Assert.InRange(tokens!.Value, 3, 512));
        Assert.Equal(2, usage.Count(tokens => tokens == 512));
    }

    [Fact]
    public async Task EmbedDocumentAsync_V3EngineChunksFillingTheWindow_LeaveRoomForTheInstruction()
    {
        // Without overlap a chunk may fill a whole window; with the instruction in front it must still fit the context.
        const int Context = 64;
        using var engine = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = V3TinyModel(), MaxInputTokens = Context });
        var usage = new ConcurrentQueue<long?>();
        var chunker = new LateChunker(RecordingUsage(engine, usage), new LateChunkerOptions { OverlapTokens = 0 });
        string document = string.Join(' ', Enumerable.Repeat("the lightsaber blade flickers because the battery crystal is unstable", 20));

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.True(chunks.Count >= 5, $"{chunks.Count} chunks");
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.NotEmpty(usage);
        Assert.All(usage, tokens => Assert.InRange(tokens!.Value, 3, Context));
    }

    [Fact]
    public async Task EmbedChunksAsync_EngineTruncatesByDefaultAndChunkPastTheContext_ThrowsInsteadOfTruncating()
    {
        using var engine = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { Truncate = true });
        var chunker = new LateChunker(engine);
        string longMessage = string.Join(' ', Enumerable.Repeat("the lightsaber blade flickers", 200));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => chunker.EmbedChunksAsync(["A short message.", longMessage]));

        Assert.Contains("512", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Berlin is big.\n\u200B\nIt is old.")]
    [InlineData("\u200B\nBerlin is big. It is old.")]
    [InlineData("Berlin is big. It is old.\n\u00AD")]
    public async Task EmbedDocumentAsync_ChunkTheTokenizerReadsAsNothing_JoinsItsNeighbour(string document)
    {
        var chunker = new LateChunker(local.Engine, new LateChunkerOptions { Splitter = ChunkSplitter.Lines });

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.True(local.Engine.Tokenizer.CountTokens(c.Text) > 0, $"'{c.Text}' has no tokens"));
        Assert.Equal(chunker.Split(document).Count, chunks.Count);
    }

    [Fact]
    public async Task EmbedDocumentAsync_OnlyCharactersTheTokenizerIgnores_ReturnsEmptyWithoutRequest()
    {
        var requests = new ConcurrentQueue<string[]>();
        var chunker = new LateChunker(Recording(requests), new LateChunkerOptions { Splitter = ChunkSplitter.Lines });

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync("\u200B\n\u00AD\n\u200B");

        Assert.Empty(chunks);
        Assert.Empty(requests);
    }

    // A pipeline around an engine that records the tokens each request used, as the engine reports them.
    private static IEmbeddingGenerator<string, Embedding<float>> RecordingUsage(OnnxEmbeddingGenerator engine, ConcurrentQueue<long?> usage) =>
        engine.AsBuilder()
            .Use(async (values, options, inner, ct) =>
            {
                GeneratedEmbeddings<Embedding<float>> result = await inner.GenerateAsync(values, options, ct);
                usage.Enqueue(result.Usage?.InputTokenCount);
                return result;
            })
            .Build();

    // The tiny jina-embeddings-v3-shaped graph (task_id in, token embeddings out, SentencePiece) of the engine's tests.
    private static string V3TinyModel()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jina.AI.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "Jina.Extensions.AI.Onnx.Tests", "Fixtures", "v3-tiny");
            }
        }

        throw new DirectoryNotFoundException($"No Jina.AI.sln above '{AppContext.BaseDirectory}': the v3-tiny fixture is read from the repository.");
    }

    // A pipeline around the shared engine that records each request's inputs (not disposed: the engine is shared).
    private IEmbeddingGenerator<string, Embedding<float>> Recording(ConcurrentQueue<string[]> requests) =>
        local.Engine.AsBuilder()
            .Use((values, options, inner, ct) =>
            {
                requests.Enqueue([.. values]);
                return inner.GenerateAsync(values, options, ct);
            })
            .Build();
}
