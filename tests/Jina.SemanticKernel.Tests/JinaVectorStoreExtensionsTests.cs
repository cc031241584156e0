// VectorStoreTextSearch is experimental (SKEXP0001) in Semantic Kernel 1.82.
#pragma warning disable SKEXP0001

using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.SemanticKernel.Data;

namespace Jina.SemanticKernel.Tests;

[Collection(LocalEngineCollection.Name)]
public sealed class JinaVectorStoreExtensionsTests(LocalEngineFixture engine)
{
    [Fact]
    public async Task GetJinaCollectionAsync_SearchAsyncString_SendsOnlyTheQueryWithQueryTask()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", generator);
        await new JinaVectorStoreIngestor<string>(collection, generator).IngestAsync(TestCorpus.KnowledgeBase);
        emulator.ClearRequests();

        var hits = await collection.SearchAsync("How do I charge my lightsaber?", 3).ToListAsync();

        var request = Assert.Single(emulator.Requests);
        Assert.Equal("retrieval.query", request.Task);
        Assert.False(request.LateChunking);
        Assert.Equal(["How do I charge my lightsaber?"], request.Inputs);
        Assert.Equal(3, hits.Count);
        Assert.Equal("kb/4", hits[0].Record.DocumentId);
    }

    [Fact]
    public async Task CreateTextSearch_GetTextSearchResults_SendsQueryTaskAndMapsTextAndSource()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", generator);
        await new JinaVectorStoreIngestor<string>(collection, generator).IngestAsync(TestCorpus.KnowledgeBase);
        emulator.ClearRequests();
        ITextSearch<JinaDocumentChunk<string>> textSearch = collection.CreateTextSearch();

        var response = await textSearch.GetTextSearchResultsAsync("Why is my blade flickering?", new TextSearchOptions<JinaDocumentChunk<string>> { Top = 2 });
        var results = await response.Results.ToListAsync();

        var request = Assert.Single(emulator.Requests);
        Assert.Equal("retrieval.query", request.Task);
        Assert.Equal(2, results.Count);
        Assert.Equal("lightsaber-faq.md#0", results[0].Name);
        Assert.Equal("lightsaber-faq.md#0", results[0].Link);
        Assert.Contains("flicker", results[0].Value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateTextSearch_SearchAsync_ReturnsChunkTexts()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        ITextSearch<JinaDocumentChunk<string>> textSearch = collection.CreateTextSearch();

        var response = await textSearch.SearchAsync(TestCorpus.Seed.ChatHistory.Query.En, new TextSearchOptions<JinaDocumentChunk<string>> { Top = 2 });
        var texts = await response.Results.ToListAsync();

        Assert.Equal(2, texts.Count);
        Assert.All(texts, text => Assert.Contains(text.Trim(), TestCorpus.Seed.ChatHistory.En));
    }

    [Fact]
    public async Task GetJinaCollectionAsync_CollectionOfAnotherModel_ThrowsBeforeAnySearch()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v3 = Emulated.Generator(emulator, dimensions: 384);
        using var store = new InMemoryVectorStore();
        var local = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(local, engine.Generator).IngestAsync(TestCorpus.KnowledgeBase);

        var error = await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(() => store.GetJinaCollectionAsync<string>("kb", v3));

        Assert.Equal("kb", error.CollectionName);
        Assert.Contains("all-MiniLM-L6-v2", error.Message, StringComparison.Ordinal);
        Assert.Contains("jina-embeddings-v3", error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetJinaCollectionAsync_V2CollectionOpenedForV3_ThrowsMismatchSayingReindex()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v2 = Emulated.Generator(emulator, "jina-embeddings-v2-base-en");
        using var v3 = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();
        var legacy = await store.GetJinaCollectionAsync<string>("kb", v2);
        await legacy.EnsureCollectionExistsAsync();
        var vector = (await v2.GenerateAsync(["Why is my lightsaber blade flickering?"]))[0].Vector;
        await legacy.UpsertAsync(new JinaDocumentChunk<string>
        {
            Key = JinaChunkKeys.Create<string>("kb/0", 0),
            DocumentId = "kb/0",
            ChunkCount = 1,
            Text = "Why is my lightsaber blade flickering?",
            EmbeddingModel = "jina-embeddings-v2-base-en",
            Dimensions = 768,
            Vector = vector,
        });
        emulator.ClearRequests();

        var error = await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(() => store.GetJinaCollectionAsync<string>("kb", v3));

        // The in-memory store checks shapes, so it refuses the 1024-dimension definition before the stamp can be read.
        Assert.Equal("kb", error.CollectionName);
        Assert.Equal(new JinaEmbeddingStamp("jina-embeddings-v3", 1024), error.GeneratorStamp);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("Re-index", error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetJinaCollectionAsync_QueryVectorOfAnotherLength_FailsTheSearch()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = Emulated.Generator(emulator);
        using var store = new InMemoryVectorStore();

        // The caller claims 256 dimensions, but the generator answers with its 1024.
        var collection = await store.GetJinaCollectionAsync<string>("kb", generator, dimensions: 256);

        await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(async () => await collection.SearchAsync("question", 1).ToListAsync());
    }

    [Fact]
    public async Task GetJinaCollectionAsync_V2Model_SearchesWithoutTask()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var v2 = Emulated.Generator(emulator, "jina-embeddings-v2-base-en");
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb-v2", v2);
        await collection.EnsureCollectionExistsAsync();

        var hits = await collection.SearchAsync("question", 1).ToListAsync();

        var request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.Null(request.Task);
        Assert.Empty(hits);
    }

    [Fact]
    public async Task GetEmbeddingStampAsync_IngestedCollection_ReturnsModelAndDimensions()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        Assert.Null(await collection.GetEmbeddingStampAsync());

        await new JinaVectorStoreIngestor<string>(collection, engine.Generator).IngestAsync(TestCorpus.KnowledgeBase);

        Assert.Equal(new JinaEmbeddingStamp("all-MiniLM-L6-v2", 384), await collection.GetEmbeddingStampAsync());
    }

    [Fact]
    public async Task GetJinaCollectionAsync_NullArguments_Throw()
    {
        using var store = new InMemoryVectorStore();

        await Assert.ThrowsAsync<ArgumentNullException>(() => JinaVectorStoreExtensions.GetJinaCollectionAsync<string>(null!, "kb", engine.Generator));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetJinaCollectionAsync<string>("kb", null!));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetJinaCollectionAsync<string>(" ", engine.Generator));
    }
}
