using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public partial class LateChunkerTests(LocalEngineFixture local) : IClassFixture<LocalEngineFixture>
{
    private static readonly string[] s_chat =
    [
        "Sita, have you decided where you'd like to go for your birthday dinner on Saturday?",
        "I'm not sure, I don't know the restaurants around here very well.",
        "We could look online for recommendations.",
    ];

    private static EmbeddingModelCapabilities V3Capabilities(int maxInputTokens = 8192, int maxInputs = 2048) => new()
    {
        ModelId = "jina-embeddings-v3",
        MaxInputTokens = maxInputTokens,
        MaxInputsPerRequest = maxInputs,
        DefaultDimensions = RecordingEmbeddingGenerator.Dimensions,
        SupportsTasks = true,
        SupportsLateChunking = true,
    };

    [Fact]
    public void Ctor_NullGenerator_Throws()
    {
        Assert.Throws<ArgumentNullException>("generator", () => new LateChunker(null!));
    }

    [Fact]
    public void Ctor_InvalidOptions_Throws()
    {
        using var fake = new RecordingEmbeddingGenerator();
        Assert.Throws<ArgumentOutOfRangeException>(() => new LateChunker(fake, new LateChunkerOptions { MaxChunkTokens = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LateChunker(fake, new LateChunkerOptions { MaxWindowTokens = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LateChunker(fake, new LateChunkerOptions { OverlapTokens = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LateChunker(fake, new LateChunkerOptions { MaxConcurrentWindows = 0 }));
        Assert.Throws<ArgumentNullException>(() => new LateChunker(fake, new LateChunkerOptions { Splitter = null! }));
    }

    [Fact]
    public async Task Ctor_ModelWithoutLateChunking_ThrowsBeforeAnyRequest()
    {
        using var fake = new RecordingEmbeddingGenerator
        {
            Capabilities = new EmbeddingModelCapabilities
            {
                ModelId = "jina-embeddings-v2-base-en",
                MaxInputTokens = 8192,
                MaxInputsPerRequest = 2048,
                DefaultDimensions = 768,
                SupportsLateChunking = false,
            },
        };

        var ex = Assert.Throws<NotSupportedException>(() => new LateChunker(fake));

        Assert.Contains("jina-embeddings-v2-base-en", ex.Message, StringComparison.Ordinal);
        Assert.Contains("v3", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task EmbedDocumentAsync_Null_Throws()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);

        await Assert.ThrowsAsync<ArgumentNullException>("document", () => chunker.EmbedDocumentAsync(null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t ")]
    public async Task EmbedDocumentAsync_EmptyOrWhitespace_ReturnsEmptyWithoutRequest(string document)
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.Empty(chunks);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task EmbedDocumentAsync_ShortDocument_OneLateChunkedPassageRequest()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        var chunker = new LateChunker(fake);
        const string Document = "Berlin is the capital of Germany. Its population is large.\n\nThe city is also a state.";

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(Document);

        RecordedRequest request = Assert.Single(fake.Requests);
        Assert.Equal(["Berlin is the capital of Germany.", "Its population is large.", "The city is also a state."], request.Inputs);
        Assert.Equal(true, request.Options!.AdditionalProperties![JinaPropertyNames.LateChunking]);
        Assert.Equal("retrieval.passage", request.Options.AdditionalProperties[JinaPropertyNames.Task]?.ToString());
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Index));
        Assert.Equal(Document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(Document.Substring(c.Start, c.Length), c.Text));
        string joined = string.Join(' ', request.Inputs);
        Assert.All(chunks, c => Assert.Equal(RecordingEmbeddingGenerator.Vector(c.Text.Trim(), joined), c.Embedding.Vector.ToArray()));
    }

    [Fact]
    public async Task EmbedDocumentAsync_CallerTaskAndDimensions_AreKeptAndLateChunkingForced()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 256,
            AdditionalProperties = new() { [JinaPropertyNames.Task] = JinaTask.TextMatching, [JinaPropertyNames.LateChunking] = false },
        };
        var chunker = new LateChunker(fake, new LateChunkerOptions { EmbeddingOptions = options });

        await chunker.EmbedDocumentAsync("One. Two.");

        RecordedRequest request = Assert.Single(fake.Requests);
        Assert.Equal(256, request.Options!.Dimensions);
        Assert.Equal("text-matching", request.Options.AdditionalProperties![JinaPropertyNames.Task]?.ToString());
        Assert.Equal(true, request.Options.AdditionalProperties[JinaPropertyNames.LateChunking]);
        Assert.Equal(false, options.AdditionalProperties[JinaPropertyNames.LateChunking]); // the caller's options are not changed
    }

    [Fact]
    public async Task EmbedDocumentAsync_NoTruncateOption_SendsTruncateFalse()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };

        await new LateChunker(fake).EmbedDocumentAsync("One. Two.");

        Assert.Equal(false, Assert.Single(fake.Requests).Options!.AdditionalProperties![JinaPropertyNames.Truncate]);
    }

    [Fact]
    public async Task EmbedDocumentAsync_CallerAsksForTruncation_IsKept()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        var options = new LateChunkerOptions { EmbeddingOptions = new EmbeddingGenerationOptions().WithTruncate() };

        await new LateChunker(fake, options).EmbedDocumentAsync("One. Two.");

        Assert.Equal(true, Assert.Single(fake.Requests).Options!.AdditionalProperties![JinaPropertyNames.Truncate]);
    }

    [Fact]
    public async Task EmbedDocumentAsync_ModelWithoutTasks_SendsNoTask()
    {
        using var fake = new RecordingEmbeddingGenerator
        {
            Capabilities = new EmbeddingModelCapabilities
            {
                ModelId = "all-MiniLM-L6-v2",
                MaxInputTokens = 512,
                MaxInputsPerRequest = 512,
                DefaultDimensions = 384,
                SupportsLateChunking = true,
            },
        };

        await new LateChunker(fake).EmbedDocumentAsync("One. Two.");

        Assert.False(Assert.Single(fake.Requests).Options!.AdditionalProperties!.ContainsKey(JinaPropertyNames.Task));
    }

    [Fact]
    public async Task EmbedDocumentAsync_LongDocument_OverlappingWindowsWithinLimits()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities(maxInputTokens: 600, maxInputs: 40) };
        var chunker = new LateChunker(fake, new LateChunkerOptions { OverlapTokens = 100 });
        string document = ChunkSplitterTests.LongEnglishText(600);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        RecordedRequest[] requests = [.. fake.Requests];
        Assert.True(requests.Length >= 5, $"{requests.Length} windows");
        Assert.All(requests, r =>
        {
            Assert.InRange(r.Inputs.Sum(i => TokenCounter.Estimate.Count(i)) + 2, 1, 600);
            Assert.InRange(r.Inputs.Length, 1, 40);
        });

        // Spans tile the document and each chunk comes back once, in order.
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));

        // Every window after the first starts with context chunks that an earlier window owns; every chunk's vector
        // comes from the first window that holds it (the one that owns it), never from a window where it is context.
        var owner = new Dictionary<string, RecordedRequest>();
        int contextWindows = 0;
        foreach (RecordedRequest r in requests.OrderBy(r => IndexOf(chunks, r.Inputs[0])))
        {
            if (owner.ContainsKey(r.Inputs[0]))
            {
                contextWindows++;
                Assert.True(TokenCounter.Estimate.Count(string.Join(' ', r.Inputs.TakeWhile(owner.ContainsKey))) <= 100);
            }

            foreach (string input in r.Inputs)
            {
                owner.TryAdd(input, r);
            }
        }

        Assert.Equal(requests.Length - 1, contextWindows);
        Assert.All(chunks, c =>
        {
            RecordedRequest r = owner[c.Text.Trim()];
            Assert.Equal(RecordingEmbeddingGenerator.Vector(c.Text.Trim(), string.Join(' ', r.Inputs)), c.Embedding.Vector.ToArray());
        });
    }

    [Fact]
    public async Task EmbedDocumentAsync_NoCapabilities_UsesDefaultWindowOf8192()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);
        string document = ChunkSplitterTests.LongEnglishText(1500);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.True(fake.Requests.Count >= 2);
        int[] windowTokens = [.. fake.Requests.Select(r => r.Inputs.Sum(i => TokenCounter.Estimate.Count(i)) + 2)];
        Assert.All(windowTokens, t => Assert.InRange(t, 1, 8192));
        Assert.InRange(windowTokens.Max(), 7500, 8192);
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task EmbedDocumentAsync_MaxWindowTokensOption_LimitsEveryRequest()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        var chunker = new LateChunker(fake, new LateChunkerOptions { MaxWindowTokens = 300, MaxInputsPerRequest = 5 });

        await chunker.EmbedDocumentAsync(ChunkSplitterTests.LongEnglishText(200));

        Assert.All(fake.Requests, r =>
        {
            Assert.InRange(r.Inputs.Sum(i => TokenCounter.Estimate.Count(i)) + 2, 1, 300);
            Assert.InRange(r.Inputs.Length, 1, 5);
        });
    }

    [Fact]
    public async Task EmbedDocumentAsync_SentenceLongerThanContext_IsSplitByTokens()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities(maxInputTokens: 128) };
        var chunker = new LateChunker(fake);
        string document = "Intro. " + string.Join(' ', Enumerable.Repeat("word", 900)) + ". 光剑" + new string('暗', 400) + "。End.";

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.True(chunks.Count > 10);
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(fake.Requests, r => Assert.InRange(r.Inputs.Sum(i => TokenCounter.Estimate.Count(i)) + 2, 1, 128));
        Assert.All(chunks, c => Assert.NotNull(c.Embedding));
    }

    [Fact]
    public async Task EmbedDocumentAsync_ServiceRejectsWindow_SplitsAndRetriesWithoutTruncating()
    {
        // The service counts more tokens than the chunker: it takes at most 7 chunks per request.
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities(), RejectAsTooLong = inputs => inputs.Count > 7 };
        var chunker = new LateChunker(fake);
        string document = ChunkSplitterTests.LongEnglishText(50);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.Equal(50, chunks.Count);
        Assert.Contains(fake.Requests, r => !r.Succeeded);
        RecordedRequest[] succeeded = [.. fake.Requests.Where(r => r.Succeeded)];
        Assert.All(succeeded, r => Assert.InRange(r.Inputs.Length, 1, 7));
        Assert.All(chunks, c => Assert.Contains(succeeded, r => r.Inputs.Contains(c.Text.Trim())));
        Assert.All(chunks, c =>
        {
            RecordedRequest r = succeeded.First(r => r.Inputs.Contains(c.Text.Trim()));
            Assert.Equal(RecordingEmbeddingGenerator.Vector(c.Text.Trim(), string.Join(' ', r.Inputs)), c.Embedding.Vector.ToArray());
        });
    }

    [Fact]
    public async Task EmbedChunksAsync_ServiceRejectsWindowWithChunkCountedAsEmpty_SplitsItInsteadOfResendingIt()
    {
        // The tokenizer reads the zero-width space as nothing, so halving the window's tokens would plan the same window again.
        int calls = 0;
        using var fake = new RecordingEmbeddingGenerator
        {
            Capabilities = V3Capabilities(),
            Fail = _ => Interlocked.Increment(ref calls) > 20 ? new TimeoutException("the chunker keeps sending the rejected window") : null,
            RejectAsTooLong = inputs => inputs.Count > 1,
        };
        var chunker = new LateChunker(fake, new LateChunkerOptions { Tokenizer = TokenCounterTests.TinyBertTokenizer() });

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedChunksAsync(["hello world", "\u200B"]);

        Assert.Equal(2, chunks.Count);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task EmbedDocumentAsync_ServiceRejectsSingleChunk_ThrowsClearError()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities(), RejectAsTooLong = _ => true };
        var chunker = new LateChunker(fake);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => chunker.EmbedDocumentAsync("One sentence. Another one. A third."));

        Assert.Contains("MaxChunkTokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains("INPUT_TOKEN_LIMIT_EXCEEDED", ex.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedDocumentAsync_GeneratorReturnsTooFewEmbeddings_Throws()
    {
        using var fake = new RecordingEmbeddingGenerator { DropEmbeddings = 1 };
        var chunker = new LateChunker(fake);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => chunker.EmbedDocumentAsync("One. Two. Three."));

        Assert.Contains("returned 2 embeddings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedDocumentAsync_ConcurrentWindows_ResultsInDocumentOrder()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities(maxInputTokens: 200), RandomDelay = true };
        var chunker = new LateChunker(fake, new LateChunkerOptions { MaxConcurrentWindows = 8, OverlapTokens = 0 });
        string document = ChunkSplitterTests.LongEnglishText(300);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedDocumentAsync(document);

        Assert.True(fake.Requests.Count > 10);
        Assert.Equal(document, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c =>
        {
            RecordedRequest r = fake.Requests.Single(r => r.Inputs.Contains(c.Text.Trim()) && r.Inputs.Length > 0);
            Assert.Equal(RecordingEmbeddingGenerator.Vector(c.Text.Trim(), string.Join(' ', r.Inputs)), c.Embedding.Vector.ToArray());
        });
    }

    [Fact]
    public async Task EmbedDocumentAsync_WindowFails_SurfacesItsErrorNotACancellation()
    {
        using var fake = new RecordingEmbeddingGenerator
        {
            Capabilities = V3Capabilities(maxInputTokens: 200),
            RandomDelay = true,
            Fail = inputs => inputs.Count > 0 && inputs[^1].Length % 5 == 0 ? new HttpRequestException("service unavailable") : null,
        };
        var chunker = new LateChunker(fake, new LateChunkerOptions { MaxConcurrentWindows = 3 });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => chunker.EmbedDocumentAsync(ChunkSplitterTests.LongEnglishText(300)));

        Assert.Equal("service unavailable", ex.Message);
    }

    [Fact]
    public async Task EmbedDocumentAsync_Cancelled_Throws()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunker.EmbedDocumentAsync("One. Two.", cts.Token));
    }

    [Fact]
    public async Task EmbedDocumentAsync_LocalTokenizer_CountsWithIt()
    {
        // With the model's tokenizer 10 chunks of "Hello worlds." (4 tokens) fit 44 tokens; the estimate (5 each) would not.
        // text-matching has no instruction in front of the text, so the whole window is the chunks'.
        using var fake = new RecordingEmbeddingGenerator
        {
            Capabilities = V3Capabilities(maxInputTokens: 44),
        };
        var chunker = new LateChunker(fake, new LateChunkerOptions
        {
            Tokenizer = TokenCounterTests.TinyBertTokenizer(),
            OverlapTokens = 0,
            EmbeddingOptions = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.TextMatching),
        });

        await chunker.EmbedDocumentAsync(string.Concat(Enumerable.Repeat("Hello worlds. ", 10)));

        Assert.Equal(10, Assert.Single(fake.Requests).Inputs.Length);
    }

    [Theory]
    [InlineData("retrieval.passage", "Represent the document for retrieval: ")]
    [InlineData("retrieval.query", "Represent the query for retrieving evidence documents: ")]
    [InlineData("text-matching", "")]
    public async Task EmbedDocumentAsync_TaskWithInstruction_WindowsLeaveRoomForIt(string task, string instruction)
    {
        const int Context = 120;
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities(maxInputTokens: Context) };
        var chunker = new LateChunker(fake, new LateChunkerOptions
        {
            OverlapTokens = 0,
            EmbeddingOptions = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.Task] = task } },
        });

        await chunker.EmbedDocumentAsync(ChunkSplitterTests.LongEnglishText(100));

        // Every request holds the instruction and the two special tokens too; packed windows come within a chunk of the context.
        int[] tokens = [.. fake.Requests.Select(r => TokenCounter.Estimate.Count(instruction + string.Join(' ', r.Inputs)) + 2)];
        Assert.All(tokens, t => Assert.InRange(t, 1, Context));
        Assert.Contains(tokens, t => t > Context - 25);
    }

    [Fact]
    public async Task EmbedChunksAsync_ChatHistory_OneRequestOneVectorPerMessageInOrder()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        var chunker = new LateChunker(fake);

        IReadOnlyList<EmbeddedChunk> chunks = await chunker.EmbedChunksAsync(s_chat);

        RecordedRequest request = Assert.Single(fake.Requests);
        Assert.Equal(s_chat, request.Inputs);
        Assert.Equal(s_chat, chunks.Select(c => c.Text));
        string joined = string.Join(' ', s_chat);
        Assert.All(chunks, c => Assert.Equal(c.Text, joined.Substring(c.Start, c.Length)));
        Assert.All(chunks, c => Assert.Equal(RecordingEmbeddingGenerator.Vector(c.Text, joined), c.Embedding.Vector.ToArray()));
    }

    [Fact]
    public async Task EmbedChunksAsync_EmptyChunk_ThrowsNamingIndex()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);

        var ex = await Assert.ThrowsAsync<ArgumentException>("chunks", () => chunker.EmbedChunksAsync(["a", " ", "b"]));

        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>("chunks", () => chunker.EmbedChunksAsync(["a", null!]));
        await Assert.ThrowsAsync<ArgumentNullException>("chunks", () => chunker.EmbedChunksAsync(null!));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task EmbedChunksAsync_Empty_ReturnsEmptyWithoutRequest()
    {
        using var fake = new RecordingEmbeddingGenerator();

        Assert.Empty(await new LateChunker(fake).EmbedChunksAsync([]));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task EmbedDocumentsAsync_Enumerable_YieldsEachDocumentInOrder()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);
        string[] documents = ["First one. Second one.", "   ", "Third one."];

        var results = new List<EmbeddedDocument>();
        await foreach (EmbeddedDocument document in chunker.EmbedDocumentsAsync(documents))
        {
            results.Add(document);
        }

        Assert.Equal([0, 1, 2], results.Select(d => d.Index));
        Assert.Equal(documents, results.Select(d => d.Text));
        Assert.Equal([2, 0, 1], results.Select(d => d.Chunks.Count));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task EmbedDocumentsAsync_AsyncEnumerable_YieldsEachDocumentInOrder()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);

        var texts = new List<string>();
        await foreach (EmbeddedDocument document in chunker.EmbedDocumentsAsync(Documents()))
        {
            texts.Add(string.Concat(document.Chunks.Select(c => c.Text)));
        }

        Assert.Equal(["A. B.", "C."], texts);

        static async IAsyncEnumerable<string> Documents()
        {
            await Task.Yield();
            yield return "A. B.";
            yield return "C.";
        }
    }

    [Fact]
    public async Task EmbedDocumentsAsync_NullDocument_ThrowsNamingIndex()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake);

        var ex = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (EmbeddedDocument _ in chunker.EmbedDocumentsAsync(["A.", null!]))
            {
            }
        });

        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => chunker.EmbedDocumentsAsync((IEnumerable<string>)null!));
    }

    [Fact]
    public async Task Ctor_CachingPipeline_SendsRequestsPastTheCache()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        var cache = new CountingDistributedCache();
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = fake.AsBuilder().UseDistributedCache(cache).Build();
        var chunker = new LateChunker(pipeline);

        await chunker.EmbedChunksAsync(s_chat);
        await chunker.EmbedChunksAsync(s_chat[..2]);

        // Both windows reach the provider whole, although the second's chunks were seen before; the cache is untouched.
        Assert.Equal([3, 2], fake.Requests.Select(r => r.Inputs.Length));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Reads);
    }

    [Fact]
    public void Ctor_CachingPipelineOverAnotherProvider_ThrowsSayingWhatToDo()
    {
        using var fake = new RecordingEmbeddingGenerator { AnswersProviderKey = false };
        var cache = new CountingDistributedCache();
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = fake.AsBuilder().UseDistributedCache(cache).Build();

        var ex = Assert.Throws<InvalidOperationException>(() => new LateChunker(pipeline));

        Assert.Contains("given to LateChunker caches embeddings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Give LateChunker the generator without its caching layer.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
        Assert.Equal(0, cache.Reads + cache.Writes);
    }

    [Fact]
    public async Task Ctor_PipelineWithoutCache_KeepsThePipeline()
    {
        using var fake = new RecordingEmbeddingGenerator { Capabilities = V3Capabilities() };
        int calls = 0;
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = fake.AsBuilder()
            .Use((values, options, inner, ct) =>
            {
                Interlocked.Increment(ref calls);
                return inner.GenerateAsync(values, options, ct);
            })
            .Build();

        await new LateChunker(pipeline).EmbedDocumentAsync("One. Two.");

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Split_Document_MatchesEmbeddedSpansWithoutRequest()
    {
        using var fake = new RecordingEmbeddingGenerator();
        var chunker = new LateChunker(fake, new LateChunkerOptions { Splitter = ChunkSplitter.Paragraphs, MaxChunkTokens = 20 });
        string document = ChunkSplitterTests.LongEnglishText(40);

        IReadOnlyList<Range> spans = chunker.Split(document);

        ChunkSplitterTests.AssertTiles(document, spans);
        Assert.All(spans, s => Assert.InRange(TokenCounter.Estimate.Count(document.AsSpan()[s]), 1, 20));
        Assert.Empty(fake.Requests);
    }

    private static int IndexOf(IReadOnlyList<EmbeddedChunk> chunks, string text) =>
        chunks.First(c => c.Text.Trim() == text).Index;
}
