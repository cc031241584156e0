using Jina.Extensions.AI;
using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests;

[Collection(LocalEngineCollection.Name)]
public sealed partial class JinaVectorStoreIngestorTests(LocalEngineFixture engine)
{
    private const int LocalDimensions = 384;

    [Fact]
    public async Task IngestAsync_OverTheWire_SendsPassageTaskWithLateChunking()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(1024));

        var result = await new JinaVectorStoreIngestor<string>(collection, generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);

        Assert.Equal(TestCorpus.All.Count, result.Documents);
        Assert.NotEmpty(emulator.Requests);
        Assert.All(emulator.Requests, request =>
        {
            Assert.Equal(200, request.StatusCode);
            Assert.Equal("retrieval.passage", request.Task);
            Assert.True(request.LateChunking);
            Assert.Contains("\"late_chunking\":true", request.Body.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        });

        // The ten chat messages go out as one late-chunked request, so each message's vector saw the whole conversation.
        Assert.Contains(emulator.Requests, r => r.Inputs.Count == 10 && r.Inputs[6].Contains("Bella Italia", StringComparison.Ordinal));
        var stored = await CollectionSnapshot.ReadAsync(collection);
        Assert.Equal(result.ChunksWritten, stored.Count);
        Assert.All(stored, r => Assert.Equal(("jina-embeddings-v3", 1024, "retrieval.passage"), (r.EmbeddingModel, r.Dimensions, r.EmbeddingTask)));
    }

    [Fact]
    public async Task IngestAsync_ConcurrentDocuments_OverlapRequestsAndWriteWhatSequentialIngestionWrites()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        emulator.Faults.Latency = TimeSpan.FromMilliseconds(150);
        using var generator = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var sequential = await store.GetJinaCollectionAsync<string>("sequential", generator);
        var concurrent = await store.GetJinaCollectionAsync<string>("concurrent", generator);
        await new JinaVectorStoreIngestor<string>(sequential, generator, new JinaIngestionOptions { MaxConcurrentDocuments = 1 }).IngestAsync(TestCorpus.All);
        var reports = new List<string>();

        await new JinaVectorStoreIngestor<string>(concurrent, generator, new JinaIngestionOptions { MaxConcurrentDocuments = 4 })
            .IngestAsync(TestCorpus.All, new SynchronousProgress<JinaIngestionProgress>(p => reports.Add(p.DocumentId)));

        Assert.True(emulator.PeakConcurrentRequests > 1);
        Assert.Equal(TestCorpus.All.Select(d => d.Id), reports);
        CollectionSnapshot.AssertSame(await CollectionSnapshot.ReadAsync(sequential), await CollectionSnapshot.ReadAsync(concurrent));
    }

    [Fact]
    public async Task IngestAsync_CachedPipeline_EmbedsPastTheCacheWithTheSameVectors()
    {
        using var store = new InMemoryVectorStore();
        var plain = await store.GetJinaCollectionAsync<string>("plain", engine.Generator);
        await new JinaVectorStoreIngestor<string>(plain, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var cache = new CountingDistributedCache();
        var cached = engine.Generator.AsBuilder().UseDistributedCache(cache).Build();
        var collection = await store.GetJinaCollectionAsync<string>("cached", cached);

        var result = await new JinaVectorStoreIngestor<string>(collection, cached, TestCorpus.ByLine).IngestAsync(TestCorpus.All);

        // A cached vector was pooled in another window's context, so late-chunked windows never touch the cache.
        Assert.Equal(0, cache.Reads + cache.Writes);
        Assert.True(result.Tokens > 0);
        CollectionSnapshot.AssertSame(await CollectionSnapshot.ReadAsync(plain), await CollectionSnapshot.ReadAsync(collection));
    }

    [Fact]
    public async Task IngestAsync_SeedCorpusOnLocalEngine_ChatQuestionFindsTheConversation()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("seed", engine.Generator);

        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);

        var hits = new List<VectorSearchResult<JinaDocumentChunk<string>>>();
        await foreach (var hit in collection.SearchAsync(TestCorpus.Seed.ChatHistory.Query.En, 3))
        {
            hits.Add(hit);
        }

        Assert.Equal(3, hits.Count);
        Assert.All(hits, hit => Assert.Equal(TestCorpus.ChatId, hit.Record.DocumentId));
        Assert.All(hits, hit => Assert.Contains(hit.Record.Text.Trim(), TestCorpus.Seed.ChatHistory.En));
    }

    [Fact]
    public async Task IngestAsync_SameDocumentsAgain_ChangesNothingAndEmbedsNothing()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("again", engine.Generator);
        var counting = new CallCountingGenerator(engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, counting);
        var first = await ingestor.IngestAsync(TestCorpus.All);
        var before = await CollectionSnapshot.ReadAsync(collection);
        int callsAfterFirst = counting.Calls;

        var second = await ingestor.IngestAsync(TestCorpus.All);

        Assert.True(first.ChunksWritten > TestCorpus.All.Count);
        Assert.Equal(TestCorpus.All.Count, second.DocumentsSkipped);
        Assert.Equal(0, second.ChunksWritten);
        Assert.Equal(0, second.ChunksDeleted);
        Assert.Equal(callsAfterFirst, counting.Calls);
        CollectionSnapshot.AssertSame(before, await CollectionSnapshot.ReadAsync(collection));
    }

    [Fact]
    public async Task IngestAsync_SkipDisabled_ReplacesChunksUnderTheSameKeys()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("forced", engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator, new JinaIngestionOptions { SkipUnchangedDocuments = false });
        var first = await ingestor.IngestAsync(TestCorpus.All);

        var second = await ingestor.IngestAsync(TestCorpus.All);

        Assert.Equal(first.ChunksWritten, second.ChunksWritten);
        Assert.Equal(0, second.DocumentsSkipped);
        var stored = await CollectionSnapshot.ReadAsync(collection);
        Assert.Equal(first.ChunksWritten, stored.Count);
        Assert.Equal(stored.Count, stored.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public async Task IngestAsync_ShortenedDocument_LeavesNoStaleChunks()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("shorter", engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine);
        await ingestor.IngestAsync([TestCorpus.Chat(), .. TestCorpus.KnowledgeBase]);
        int kbChunks = (await CollectionSnapshot.ReadAsync(collection)).Count(r => r.DocumentId != TestCorpus.ChatId);

        var result = await ingestor.IngestAsync([TestCorpus.Chat(messages: 4)]);

        Assert.Equal(6, result.ChunksDeleted);
        var stored = await CollectionSnapshot.ReadAsync(collection);
        var chat = stored.Where(r => r.DocumentId == TestCorpus.ChatId).OrderBy(r => r.ChunkIndex).ToList();
        Assert.Equal(TestCorpus.Seed.ChatHistory.En.Take(4), chat.Select(r => r.Text.Trim()));
        Assert.All(chat, r => Assert.Equal(4, r.ChunkCount));
        Assert.Null(await collection.GetAsync(JinaChunkKeys.Create<string>(TestCorpus.ChatId, 4)));
        Assert.Equal(kbChunks, stored.Count - chat.Count);
    }

    [Fact]
    public async Task IngestAsync_Progress_ReportsDocumentsChunksAndTokens()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("progress", engine.Generator);
        var reports = new List<JinaIngestionProgress>();

        var result = await new JinaVectorStoreIngestor<string>(collection, engine.Generator)
            .IngestAsync(TestCorpus.All, new SynchronousProgress<JinaIngestionProgress>(reports.Add));

        Assert.Equal(TestCorpus.All.Select(d => d.Id), reports.Select(r => r.DocumentId));
        Assert.Equal(Enumerable.Range(1, TestCorpus.All.Count), reports.Select(r => r.DocumentsProcessed));
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.ChunksWritten > p.First.ChunksWritten && p.Second.Tokens > p.First.Tokens));
        Assert.Equal(result.ChunksWritten, reports[^1].ChunksWritten);
        Assert.Equal(result.Tokens, reports[^1].Tokens);

        // The local engine's own tokenizer gives the count: at least one token per word of the corpus.
        int words = TestCorpus.All.Sum(d => d.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.InRange(result.Tokens, words, words * 3);
    }

    [Fact]
    public async Task IngestAsync_CancelledHalfWay_ResumesWithoutLossOrDuplicates()
    {
        using var store = new InMemoryVectorStore();
        var reference = await store.GetJinaCollectionAsync<string>("reference", engine.Generator);
        await new JinaVectorStoreIngestor<string>(reference, engine.Generator).IngestAsync(TestCorpus.All);
        var collection = await store.GetJinaCollectionAsync<string>("resumed", engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingestor.IngestAsync(
            TestCorpus.All,
            new SynchronousProgress<JinaIngestionProgress>(p =>
            {
                if (p.DocumentsProcessed == 3)
                {
                    cts.Cancel();
                }
            }),
            cts.Token));
        int partial = (await CollectionSnapshot.ReadAsync(collection)).Count;
        var resumed = await ingestor.IngestAsync(TestCorpus.All);

        Assert.InRange(partial, 1, resumed.ChunksWritten + partial - 1);
        Assert.Equal(3, resumed.DocumentsSkipped);
        CollectionSnapshot.AssertSame(await CollectionSnapshot.ReadAsync(reference), await CollectionSnapshot.ReadAsync(collection));
    }

    [Fact]
    public async Task IngestAsync_GeneratorFailsMidway_RunAgainCompletesWithoutLoss()
    {
        using var store = new InMemoryVectorStore();
        var reference = await store.GetJinaCollectionAsync<string>("reference", engine.Generator);
        await new JinaVectorStoreIngestor<string>(reference, engine.Generator).IngestAsync(TestCorpus.All);
        var collection = await store.GetJinaCollectionAsync<string>("failed", engine.Generator);
        var flaky = new CallCountingGenerator(engine.Generator) { FailOnCall = 4 };
        var ingestor = new JinaVectorStoreIngestor<string>(collection, flaky, new JinaIngestionOptions { MaxConcurrentDocuments = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => ingestor.IngestAsync(TestCorpus.All));
        var resumed = await ingestor.IngestAsync(TestCorpus.All);

        Assert.Equal(3, resumed.DocumentsSkipped);
        CollectionSnapshot.AssertSame(await CollectionSnapshot.ReadAsync(reference), await CollectionSnapshot.ReadAsync(collection));
    }

    [Fact]
    public async Task IngestAsync_CollectionOfAnotherModel_ThrowsMismatchBeforeAnyRequest()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v3 = Emulated.Generator(emulator, dimensions: LocalDimensions);
        using var store = new InMemoryVectorStore();
        var local = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(local, engine.Generator).IngestAsync(TestCorpus.KnowledgeBase);
        var sameName = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(LocalDimensions));

        var error = await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(
            () => new JinaVectorStoreIngestor<string>(sameName, v3).IngestAsync([TestCorpus.Chat()]));

        Assert.Equal(new JinaEmbeddingStamp(engine.Generator.ModelId, LocalDimensions), error.CollectionStamp);
        Assert.Equal(new JinaEmbeddingStamp("jina-embeddings-v3", LocalDimensions), error.GeneratorStamp);
        Assert.Contains("Re-index", error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task IngestAsync_CollectionOfOtherDimensions_ThrowsMismatch()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v3Small = Emulated.Generator(emulator, dimensions: 256);
        using var v3Large = Emulated.Generator(emulator, dimensions: 512);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", v3Small);
        await new JinaVectorStoreIngestor<string>(collection, v3Small).IngestAsync(TestCorpus.KnowledgeBase);
        var requests = emulator.Requests.Count;

        var error = await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(
            () => new JinaVectorStoreIngestor<string>(collection, v3Large).IngestAsync([TestCorpus.Chat()]));

        Assert.Equal(256, error.CollectionStamp!.Dimensions);
        Assert.Equal(512, error.GeneratorStamp!.Dimensions);
        Assert.Equal(requests, emulator.Requests.Count);
    }

    [Fact]
    public async Task IngestAsync_V3IntoAV2Collection_ThrowsMismatchBeforeAnyRequest()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v2 = Emulated.Generator(emulator, "jina-embeddings-v2-base-en");
        using var v3 = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var source = await SeedV2CollectionAsync(store, v2);
        var sourceBefore = await CollectionSnapshot.ReadAsync(source);
        emulator.ClearRequests();
        var sameName = store.GetCollection<string, JinaDocumentChunk<string>>(source.Name, JinaDocumentChunk<string>.CreateCollectionDefinition(1024));

        var error = await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(() => new JinaVectorStoreIngestor<string>(sameName, v3).IngestAsync([TestCorpus.Chat()]));

        Assert.Contains("Re-index", error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
        CollectionSnapshot.AssertSame(sourceBefore, await CollectionSnapshot.ReadAsync(source));
    }

    [Fact]
    public async Task ReindexAsync_V2ToV3_ReembedsEveryChunkAndLeavesTheSourceUntouched()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v2 = Emulated.Generator(emulator, "jina-embeddings-v2-base-en");
        using var v3 = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var source = await SeedV2CollectionAsync(store, v2);
        var sourceBefore = await CollectionSnapshot.ReadAsync(source);
        var target = await store.GetJinaCollectionAsync<string>("kb-v3", v3);
        emulator.ClearRequests();
        var reports = new List<JinaIngestionProgress>();

        var result = await new JinaVectorStoreIngestor<string>(target, v3).ReindexAsync(source, new SynchronousProgress<JinaIngestionProgress>(reports.Add));

        var moved = await CollectionSnapshot.ReadAsync(target);
        Assert.Equal(sourceBefore.Count, result.ChunksVerified);
        Assert.Equal(TestCorpus.All.Count, result.Documents);
        Assert.Equal(TestCorpus.All.Count, reports.Count);
        Assert.Equal(sourceBefore.Select(r => (r.Key, r.Text, r.Start, r.Length, r.Source)), moved.Select(r => (r.Key, r.Text, r.Start, r.Length, r.Source)));
        Assert.All(moved, r => Assert.Equal(("jina-embeddings-v3", 1024, "retrieval.passage", 1024), (r.EmbeddingModel, r.Dimensions, r.EmbeddingTask, r.Vector.Length)));
        Assert.All(emulator.Requests, r => Assert.Equal(("jina-embeddings-v3", "retrieval.passage", true), (r.Model, r.Task, r.LateChunking)));
        Assert.Equal(TestCorpus.All.Count, emulator.Requests.Count);
        CollectionSnapshot.AssertSame(sourceBefore, await CollectionSnapshot.ReadAsync(source));
        Assert.Equal(new JinaEmbeddingStamp("jina-embeddings-v2-base-en", 768), await source.GetEmbeddingStampAsync());
    }

    [Fact]
    public async Task ReindexAsync_CancelledHalfWay_ResumesAndVerifiesEveryChunk()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v2 = Emulated.Generator(emulator, "jina-embeddings-v2-base-en");
        using var v3 = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var source = await SeedV2CollectionAsync(store, v2);
        var sourceBefore = await CollectionSnapshot.ReadAsync(source);
        var target = await store.GetJinaCollectionAsync<string>("kb-v3", v3);
        using var cts = new CancellationTokenSource();

        // One document at a time in the cancelled run, so that no request of a later document is still in flight when the
        // emulator's log is cleared.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new JinaVectorStoreIngestor<string>(target, v3, new JinaIngestionOptions { MaxConcurrentDocuments = 1 }).ReindexAsync(
            source,
            new SynchronousProgress<JinaIngestionProgress>(p =>
            {
                if (p.DocumentsProcessed == 4)
                {
                    cts.Cancel();
                }
            }),
            cts.Token));
        var half = await CollectionSnapshot.ReadAsync(target);
        emulator.ClearRequests();
        var result = await new JinaVectorStoreIngestor<string>(target, v3).ReindexAsync(source);

        Assert.InRange(half.Count, 1, sourceBefore.Count - 1);
        Assert.Equal(4, result.DocumentsSkipped);
        Assert.Equal(TestCorpus.All.Count - 4, emulator.Requests.Count);
        Assert.Equal(sourceBefore.Count, result.ChunksVerified);
        var moved = await CollectionSnapshot.ReadAsync(target);
        Assert.Equal(sourceBefore.Select(r => r.Key), moved.Select(r => r.Key));
        CollectionSnapshot.AssertSame(sourceBefore, await CollectionSnapshot.ReadAsync(source));
    }

    [Fact]
    public async Task ReindexAsync_TargetHoldsADocumentChunkedOtherwise_ReplacesItWithTheSourceChunks()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v3 = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var source = await store.GetJinaCollectionAsync<string>("kb-local", engine.Generator);
        await new JinaVectorStoreIngestor<string>(source, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var sourceBefore = await CollectionSnapshot.ReadAsync(source);
        var target = await store.GetJinaCollectionAsync<string>("kb-v3", v3);
        var ingestor = new JinaVectorStoreIngestor<string>(target, v3);

        // The knowledge base already went into the new collection from its original texts, split into sentences (the source has one chunk per line).
        await ingestor.IngestAsync(TestCorpus.KnowledgeBase);
        Assert.True((await CollectionSnapshot.ReadAsync(target)).Count > TestCorpus.KnowledgeBase.Count);

        var result = await ingestor.ReindexAsync(source);

        var moved = await CollectionSnapshot.ReadAsync(target);
        Assert.Equal(sourceBefore.Count, result.ChunksVerified);
        Assert.Equal(sourceBefore.Select(r => (r.Key, r.Text, r.Start, r.Length)), moved.Select(r => (r.Key, r.Text, r.Start, r.Length)));
        Assert.All(moved, r => Assert.Equal(("jina-embeddings-v3", 1024), (r.EmbeddingModel, r.Dimensions)));
    }

    [Fact]
    public async Task ReindexAsync_IntoItself_Throws()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator);

        await Assert.ThrowsAsync<ArgumentException>(() => ingestor.ReindexAsync(collection));
    }

    [Fact]
    public async Task ReindexAsync_SourceMissingChunks_ThrowsNamingTheDocument()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v2 = Emulated.Generator(emulator, "jina-embeddings-v2-base-en");
        using var v3 = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var source = await SeedV2CollectionAsync(store, v2);
        await source.DeleteAsync(JinaChunkKeys.Create<string>(TestCorpus.ChatId, 5));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await new JinaVectorStoreIngestor<string>(await store.GetJinaCollectionAsync<string>("kb-v3", v3), v3).ReindexAsync(source));

        Assert.Contains(TestCorpus.ChatId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(LocalDimensions));

        Assert.Throws<ArgumentNullException>(() => new JinaVectorStoreIngestor<string>(null!, engine.Generator));
        Assert.Throws<ArgumentNullException>(() => new JinaVectorStoreIngestor<string>(collection, null!));
    }

    [Theory]
    [InlineData(256, null)]
    [InlineData(null, "jina-embeddings-v3")]
    public void Constructor_ChunkerAsksForAnotherSizeOrModel_ThrowsSayingWhatToSet(int? dimensions, string? modelId)
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(LocalDimensions));
        var options = new JinaIngestionOptions
        {
            Chunker = new LateChunkerOptions { EmbeddingOptions = new EmbeddingGenerationOptions { Dimensions = dimensions, ModelId = modelId } },
        };

        var error = Assert.Throws<ArgumentException>(() => new JinaVectorStoreIngestor<string>(collection, engine.Generator, options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(engine.Generator.ModelId + " (384 dimensions)", error.Message, StringComparison.Ordinal);
        Assert.Contains("JinaIngestionOptions.Dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ChunkerAsksForTheStampedSize_Accepts()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(LocalDimensions));
        var options = new JinaIngestionOptions
        {
            Chunker = new LateChunkerOptions { EmbeddingOptions = new EmbeddingGenerationOptions { Dimensions = LocalDimensions } },
        };

        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator, options);

        Assert.Equal(new JinaEmbeddingStamp(engine.Generator.ModelId, LocalDimensions), ingestor.Stamp);
    }

    [Fact]
    public async Task IngestAsync_DocumentWithoutId_Throws()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);

        await Assert.ThrowsAsync<ArgumentException>(
            () => new JinaVectorStoreIngestor<string>(collection, engine.Generator).IngestAsync([new JinaDocument(" ", "text")]));
    }

    [Fact]
    public async Task IngestAsync_LoggerFactory_LogsEachDocumentAndTheSummary()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("logged", engine.Generator);
        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(collector)));
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator, new JinaIngestionOptions { LoggerFactory = loggerFactory });
        await ingestor.IngestAsync(TestCorpus.KnowledgeBase.Take(2));

        await ingestor.IngestAsync(TestCorpus.KnowledgeBase.Take(2));

        var messages = collector.GetSnapshot().Select(r => (r.Level, r.Message)).ToList();
        Assert.Equal(2, messages.Count(m => m.Level == LogLevel.Debug && m.Message.StartsWith("Document 'kb/", StringComparison.Ordinal) && m.Message.Contains("written", StringComparison.Ordinal)));
        Assert.Equal(2, messages.Count(m => m.Level == LogLevel.Debug && m.Message.Contains("is up to date", StringComparison.Ordinal)));
        Assert.Equal(2, messages.Count(m => m.Level == LogLevel.Information && m.Message.StartsWith("Ingestion into 'logged' finished", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task IngestAsync_DuplicateIds_ThrowsNamingTheId()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new JinaVectorStoreIngestor<string>(collection, engine.Generator)
            .IngestAsync([new JinaDocument("a", "First text."), new JinaDocument("a", "Second text.")]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDocumentAsync_IngestedDocument_RemovesEveryChunk()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine);
        await ingestor.IngestAsync(TestCorpus.All);

        long removed = await ingestor.DeleteDocumentAsync(TestCorpus.ChatId);

        Assert.Equal(10, removed);
        Assert.DoesNotContain(await CollectionSnapshot.ReadAsync(collection), r => r.DocumentId == TestCorpus.ChatId);
    }

    [Fact]
    public async Task IngestAsync_CollectionWrittenWithTheOldHashKeys_RewritesItUnderTheNewKeysWithoutDuplicates()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("legacy", engine.Generator);
        var ingestor = new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine);
        await ingestor.IngestAsync(TestCorpus.All);
        var current = await CollectionSnapshot.ReadAsync(collection);

        // The same chunks as an earlier version of this library keyed them, "{documentId}#{chunkIndex}".
        await collection.DeleteAsync(current.Select(r => r.Key));
        foreach (var record in current)
        {
            record.Key = $"{record.DocumentId}#{record.ChunkIndex}";
        }

        await collection.UpsertAsync(current);

        var result = await ingestor.IngestAsync(TestCorpus.All);

        var stored = await CollectionSnapshot.ReadAsync(collection);
        Assert.Equal(current.Count, result.ChunksDeleted);
        Assert.Equal(current.Count, stored.Count);
        Assert.All(stored, r => Assert.Equal(JinaChunkKeys.Create<string>(r.DocumentId, r.ChunkIndex), r.Key));
        Assert.Equal(TestCorpus.All.Count, (await ingestor.IngestAsync(TestCorpus.All)).DocumentsSkipped);
    }

    [Fact]
    public async Task IngestAsync_DocumentIdTooLongForStringKeys_ThrowsBeforeEmbeddingIt()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        var counting = new CallCountingGenerator(engine.Generator);
        string longId = "https://example.com/" + new string('p', JinaChunkKeys.MaxStringKeyDocumentIdBytes);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => new JinaVectorStoreIngestor<string>(collection, counting).IngestAsync([new JinaDocument(longId, "Some text.")]));

        Assert.Contains("Guid", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, counting.Calls);
    }

    [Fact]
    public async Task ReindexAsync_StringKeysIntoGuidKeys_MovesEveryChunkUnderTheNewKeys()
    {
        using var store = new InMemoryVectorStore();
        var source = await store.GetJinaCollectionAsync<string>("kb-strings", engine.Generator);
        await new JinaVectorStoreIngestor<string>(source, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var sourceBefore = await CollectionSnapshot.ReadAsync(source);
        var target = await store.GetJinaCollectionAsync<Guid>("kb-guids", engine.Generator);

        var result = await new JinaVectorStoreIngestor<Guid>(target, engine.Generator).ReindexAsync(source);

        var moved = await CollectionSnapshot.ReadAsync(target);
        Assert.Equal(sourceBefore.Count, result.ChunksVerified);
        Assert.Equal(sourceBefore.Select(r => (r.DocumentId, r.ChunkIndex, r.Text)), moved.Select(r => (r.DocumentId, r.ChunkIndex, r.Text)));
        Assert.All(moved, r => Assert.Equal(JinaChunkKeys.Create<Guid>(r.DocumentId, r.ChunkIndex), r.Key));
    }

    // A collection as an older, jina-embeddings-v2 pipeline left it: one chunk per sentence or chat message, embedded one by
    // one (v2 has neither tasks nor late chunking), stamped v2/768.
    private static async Task<VectorStoreCollection<string, JinaDocumentChunk<string>>> SeedV2CollectionAsync(
        InMemoryVectorStore store, IEmbeddingGenerator<string, Embedding<float>> v2)
    {
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb-v2", JinaDocumentChunk<string>.CreateCollectionDefinition(768));
        await collection.EnsureCollectionExistsAsync();
        foreach (var document in TestCorpus.All)
        {
            var spans = new List<(int Start, int Length)>();
            int start = 0;
            for (int i = 0; i <= document.Text.Length; i++)
            {
                bool end = i == document.Text.Length || document.Text[i] is '\n' or '?' or '.' or '!';
                if (end && i + 1 - start > 1)
                {
                    int length = Math.Min(i + 1, document.Text.Length) - start;
                    if (!string.IsNullOrWhiteSpace(document.Text.Substring(start, length)))
                    {
                        spans.Add((start, length));
                    }

                    start += length;
                }
            }

            var texts = spans.Select(s => document.Text.Substring(s.Start, s.Length).Trim()).ToArray();
            var vectors = await v2.GenerateAsync(texts);
            var records = spans.Select((s, i) => new JinaDocumentChunk<string>
            {
                Key = JinaChunkKeys.Create<string>(document.Id, i),
                DocumentId = document.Id,
                DocumentNumber = JinaChunkKeys.DocumentNumber(document.Id),
                ChunkIndex = i,
                ChunkCount = spans.Count,
                Text = texts[i],
                Start = s.Start,
                Length = s.Length,
                Source = document.Source,
                DocumentHash = $"v2-{document.Id}",
                EmbeddingModel = "jina-embeddings-v2-base-en",
                Dimensions = 768,
                Vector = vectors[i].Vector,
            });
            await collection.UpsertAsync(records);
        }

        return collection;
    }
}
