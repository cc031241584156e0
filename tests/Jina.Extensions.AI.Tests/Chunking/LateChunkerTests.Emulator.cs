using System.Numerics.Tensors;
using System.Text;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>The late chunker over real HTTP against the loopback Jina API emulator.</summary>
public partial class LateChunkerTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task EmbedChunksAsync_ChatHistoryThroughEmulator_OneLateChunkedRequestTenVectorsInOrder(string language)
    {
        IReadOnlyList<string> chat = language == "en" ? SeedExamples.Default.ChatHistory.En : SeedExamples.Default.ChatHistory.Zh;
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = CreateGenerator(emu);
        var chunker = new LateChunker(generator);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedChunksAsync(chat);

        JinaApiEmulatorRequest request = Assert.Single(emu.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.True(request.LateChunking);
        Assert.Equal("retrieval.passage", request.Task);
        Assert.Equal(chat, request.Inputs);
        Assert.Equal(10, chunks.Count);
        Assert.Equal(chat, chunks.Select(c => c.Text));

        // Each message alone gets another vector; the late-chunked one is still nearest its own message.
        GeneratedEmbeddings<Embedding<float>> alone = await generator.GenerateAsync(
            chat, new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage));
        for (int i = 0; i < chunks.Count; i++)
        {
            Assert.True(Cosine(chunks[i].Embedding, alone[i]) < 0.999f, $"message {i} is unchanged by its context");
            int nearest = Enumerable.Range(0, alone.Count).MaxBy(j => Cosine(chunks[i].Embedding, alone[j]));
            Assert.Equal(i, nearest);
        }
    }

    [Fact]
    public async Task EmbedDocumentAsync_TwentyThousandWordsThroughEmulator_WindowsWithinLimitsAndOverlapVectorsFromOwner()
    {
        string document = Words(20_000);
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = CreateGenerator(emu);
        var chunker = new LateChunker(generator);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        JinaApiEmulatorRequest[] requests = [.. emu.Requests];
        Assert.True(requests.Length >= 3, $"{requests.Length} windows");
        Assert.All(requests, r =>
        {
            Assert.Equal(200, r.StatusCode);
            Assert.True(r.LateChunking);
            Assert.InRange(r.TokenCount, 1, 8192);
            Assert.InRange(r.Inputs.Count, 1, 2048);
            Assert.Equal(r.TokenCount, emu.CountTokens(string.Join(' ', r.Inputs)));
        });

        // Every chunk once, in order, tiling the document.
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        var firstWindowOf = new Dictionary<string, JinaApiEmulatorRequest>();
        foreach (JinaApiEmulatorRequest r in requests.OrderBy(r => r.Inputs[^1].Length == 0 ? 0 : IndexOf(chunks, r.Inputs[^1])))
        {
            foreach (string input in r.Inputs)
            {
                firstWindowOf.TryAdd(input, r);
            }
        }

        Assert.Equal(chunks.Count, firstWindowOf.Count);

        // A window after the first starts with context chunks; their vectors come from the window that owns them.
        JinaApiEmulatorRequest second = requests.OrderBy(r => IndexOf(chunks, r.Inputs[^1])).ElementAt(1);
        EmbeddedChunk overlap = chunks.Single(c => c.Text.Trim() == second.Inputs[0]);
        JinaApiEmulatorRequest owner = firstWindowOf[second.Inputs[0]];
        Assert.NotSame(second, owner);
        var lateChunked = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage);
        lateChunked.AdditionalProperties![JinaPropertyNames.LateChunking] = true;
        GeneratedEmbeddings<Embedding<float>> fromOwner = await generator.GenerateAsync(owner.Inputs, lateChunked);
        GeneratedEmbeddings<Embedding<float>> fromSecond = await generator.GenerateAsync(second.Inputs, lateChunked);
        int inOwner = owner.Inputs.ToList().IndexOf(second.Inputs[0]);
        Assert.Equal(fromOwner[inOwner].Vector.ToArray(), overlap.Embedding.Vector.ToArray());
        Assert.NotEqual(fromSecond[0].Vector.ToArray(), overlap.Embedding.Vector.ToArray());
    }

    [Fact]
    public async Task EmbedDocumentAsync_EmulatorCountsMoreThanEstimate_SplitsRejectedWindowsAndRetries()
    {
        // A service whose tokenizer counts three times as many tokens as the emulator's default.
        await using var emu = await JinaApiEmulator.StartAsync(
            new JinaApiEmulatorOptions { TokenCounter = t => 3 * JinaApiEmulatorTokenCounter.CountTextTokens(t) });
        using var generator = CreateGenerator(emu);
        var chunker = new LateChunker(generator);
        string document = Words(6_000);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        JinaApiEmulatorRequest[] requests = [.. emu.Requests];
        Assert.Contains(requests, r => r.StatusCode == 400 && r.ErrorCode == "INPUT_TOKEN_LIMIT_EXCEEDED");
        JinaApiEmulatorRequest[] accepted = [.. requests.Where(r => r.StatusCode == 200)];
        Assert.All(accepted, r => Assert.InRange(r.TokenCount, 1, 8192));
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));

        // Nothing truncated: every chunk went out whole in an accepted request.
        var sent = accepted.SelectMany(r => r.Inputs).ToHashSet();
        Assert.All(chunks, c => Assert.Contains(c.Text.Trim(), sent));
    }

    [Fact]
    public async Task EmbedDocumentAsync_WindowRejectedWithTheLiveTokenLimitBody_IsSplitAndEveryChunkGetsItsVector()
    {
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = CreateGenerator(emu);
        var chunker = new LateChunker(generator);
        string document = Words(3_000);

        // The service's own body: a 400 whose detail is an object, with no code and no request id.
        emu.Faults.EnqueueResponse(400, """{"detail":{"message":"Input text exceeds the model's maximum of 8194 tokens. Use 'truncate: true' to automatically truncate, or split into smaller chunks."}}""");
        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        JinaApiEmulatorRequest[] requests = [.. emu.Requests];
        Assert.Equal(400, requests[0].StatusCode);
        JinaApiEmulatorRequest[] accepted = [.. requests.Where(r => r.StatusCode == 200)];
        Assert.True(accepted.Length >= 2, $"{accepted.Length} windows after the split");
        Assert.All(accepted, r => Assert.True(r.Inputs.Count < requests[0].Inputs.Count));
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(1024, c.Embedding.Vector.Length));
        var sent = accepted.SelectMany(r => r.Inputs).ToHashSet();
        Assert.All(chunks, c => Assert.Contains(c.Text.Trim(), sent));
    }

    [Fact]
    public async Task EmbedChunksAsync_ServiceCarriesFewerInputsThanTheModelSays_SplitsTheWindowAndKeepsToTheLimit()
    {
        JinaApiEmulatorModel[] models = [.. JinaApiEmulatorModel.Served.Select(m => m.Id == "jina-embeddings-v3"
            ? new JinaApiEmulatorModel { Id = m.Id, Dimensions = m.Dimensions, ContextLength = m.ContextLength, MaxInputs = 4, Fields = m.Fields, Tasks = m.Tasks }
            : m)];
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { Models = models });
        using var generator = CreateGenerator(emu);
        var chunker = new LateChunker(generator);
        IReadOnlyList<string> chat = SeedExamples.Default.ChatHistory.En;

        IReadOnlyList<EmbeddedChunk> first = await chunker.EmbedChunksAsync(chat);
        int afterFirst = emu.Requests.Count;
        IReadOnlyList<EmbeddedChunk> second = await chunker.EmbedChunksAsync(chat);

        JinaApiEmulatorRequest[] requests = [.. emu.Requests];
        Assert.Equal((422, 10), (requests[0].StatusCode, requests[0].Inputs.Count));
        Assert.All(requests[1..], r => Assert.Equal(200, r.StatusCode));
        Assert.All(requests[1..], r => Assert.InRange(r.Inputs.Count, 1, 4));
        Assert.Equal(chat, first.Select(c => c.Text));
        Assert.Equal(first.Select(c => c.Embedding.Vector.ToArray()), second.Select(c => c.Embedding.Vector.ToArray()));
        Assert.Equal(afterFirst - 1, requests.Length - afterFirst);
        Assert.Equal(4, generator.GetService<EmbeddingModelCapabilities>()!.MaxInputsPerRequest);
    }

    [Fact]
    public async Task EmbedDocumentAsync_GeneratorTruncatesByDefault_WindowsAreSentWithTruncateFalse()
    {
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = new JinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = emu.ApiKey, Endpoint = emu.Endpoint, Truncate = true }, httpClient: null);
        var chunker = new LateChunker(generator);

        await chunker.EmbedDocumentAsync(Words(3_000));

        Assert.NotEmpty(emu.Requests);
        Assert.All(emu.Requests, r => Assert.Equal((true, false), (r.LateChunking, r.Truncate)));
    }

    [Fact]
    public async Task EmbedChunksAsync_CachingPipelineThroughEmulator_EveryWindowReachesTheServiceWhole()
    {
        IReadOnlyList<string> chat = SeedExamples.Default.ChatHistory.En;
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        var cache = new CountingDistributedCache();
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = CreateGenerator(emu).AsBuilder().UseDistributedCache(cache).Build();

        // The same messages were embedded alone through the cache before: a cache in the late-chunked path would serve them.
        await pipeline.GenerateAsync(chat);
        emu.ClearRequests();
        int cached = cache.Count;
        var chunker = new LateChunker(pipeline);

        IReadOnlyList<EmbeddedChunk> first = await chunker.EmbedChunksAsync(chat);
        IReadOnlyList<EmbeddedChunk> second = await chunker.EmbedChunksAsync(chat);

        Assert.Equal(2, emu.Requests.Count);
        Assert.All(emu.Requests, r =>
        {
            Assert.True(r.LateChunking);
            Assert.Equal(chat, r.Inputs);
        });
        Assert.Equal(cached, cache.Count);
        Assert.Equal(first.Select(c => c.Embedding.Vector.ToArray()), second.Select(c => c.Embedding.Vector.ToArray()));
    }

    [Fact]
    public async Task Ctor_V2ModelThroughEmulator_ThrowsBeforeAnyRequest()
    {
        await using var emu = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = new JinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = emu.ApiKey, Endpoint = emu.Endpoint, ModelId = "jina-embeddings-v2-base-en" }, httpClient: null);

        var ex = Assert.Throws<NotSupportedException>(() => new LateChunker(generator));

        Assert.Contains("late chunking", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emu.Requests);
    }

    private static JinaEmbeddingGenerator CreateGenerator(JinaApiEmulator emu) =>
        new(new JinaEmbeddingGeneratorOptions { ApiKey = emu.ApiKey, Endpoint = emu.Endpoint }, httpClient: null);

    private static float Cosine(Embedding<float> a, Embedding<float> b) => TensorPrimitives.CosineSimilarity(a.Vector.Span, b.Vector.Span);

    /// <summary>An English document of about <paramref name="words"/> words in sentences and paragraphs.</summary>
    private static string Words(int words)
    {
        var text = new StringBuilder();
        string source = ChunkSplitterTests.LongEnglishText(words / 5);
        int count = 0;
        foreach (string word in source.Split(' '))
        {
            if (count++ == words)
            {
                break;
            }

            text.Append(word).Append(' ');
        }

        return text.ToString().TrimEnd() + ".";
    }
}
