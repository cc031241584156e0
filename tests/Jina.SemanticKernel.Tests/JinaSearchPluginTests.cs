using Jina.SemanticKernel.Tests.Support;
using Jina.VectorData.InMemory;
using Microsoft.SemanticKernel;

namespace Jina.SemanticKernel.Tests;

[Collection(LocalEngineCollection.Name)]
public sealed class JinaSearchPluginTests(LocalEngineFixture engine)
{
    [Fact]
    public async Task CreateKernelPlugin_InvokedThroughKernel_ReturnsTextSourceSpanAndScore()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var kernel = new Kernel();
        kernel.Plugins.Add(JinaSearchPlugin.CreateKernelPlugin(collection));

        var result = await kernel.InvokeAsync("search", "Search", new KernelArguments { ["query"] = "How do I charge my lightsaber?", ["top"] = 3 });

        // Our store does hybrid search: the scores are fused 0…1, 1 for the best vector that is also the best keyword match.
        var passages = result.GetValue<IReadOnlyList<JinaSearchResult>>();
        Assert.NotNull(passages);
        Assert.Equal(3, passages.Count);
        Assert.Equal("lightsaber-faq.md#4", passages[0].Source);
        Assert.Equal(TestCorpus.Seed.KnowledgeBase.En[4], passages[0].Text);
        Assert.Equal((0, TestCorpus.Seed.KnowledgeBase.En[4].Length), (passages[0].Start, passages[0].Length));
        Assert.True(passages[0].Score > passages[1].Score);
        Assert.InRange(passages[0].Score!.Value, 0.75, 1.0);
    }

    [Fact]
    public async Task CreateKernelPlugin_VectorMode_ReturnsCosineSimilarities()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var plugin = JinaSearchPlugin.Create(collection, new JinaPassageSearchOptions<string> { Top = 2, Mode = JinaSearchMode.Vector });

        var passages = await plugin.SearchAsync("How do I charge my lightsaber?");

        Assert.Equal(2, passages.Count);
        Assert.Equal("lightsaber-faq.md#4", passages[0].Source);
        Assert.InRange(passages[0].Score!.Value, 0.3, 1.0);
    }

    [Fact]
    public async Task CreateKernelPlugin_WithNeighbors_ReturnsTheHitWithTheTurnsAroundIt()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<Guid>("kb", engine.Generator);
        var chat = TestCorpus.Chat();
        await new JinaVectorStoreIngestor<Guid>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync([chat]);
        var kernel = new Kernel();
        kernel.Plugins.Add(JinaSearchPlugin.CreateKernelPlugin(collection, new JinaPassageSearchOptions<Guid> { Top = 1, NeighborChunks = 2 }));

        var result = await kernel.InvokeAsync("search", "Search", new KernelArguments { ["query"] = TestCorpus.Seed.ChatHistory.Query.En });

        var passage = Assert.Single(result.GetValue<IReadOnlyList<JinaSearchResult>>()!);
        Assert.Equal(chat.Text.Substring(passage.Start, passage.Length), passage.Text);
        Assert.Contains(TestCorpus.Seed.ChatHistory.En[passage.ChunkIndex], passage.Text, StringComparison.Ordinal);
        Assert.True(passage.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3);
    }

    [Fact]
    public async Task CreateKernelPlugin_DefaultTop_ReturnsConfiguredCount()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var kernel = new Kernel();
        kernel.Plugins.Add(JinaSearchPlugin.CreateKernelPlugin(collection, "kb", defaultTop: 2));

        var result = await kernel.InvokeAsync("kb", JinaSearchPlugin.SearchFunctionName, new KernelArguments { ["query"] = TestCorpus.Seed.ChatHistory.Query.En });

        var passages = result.GetValue<IReadOnlyList<JinaSearchResult>>()!;
        Assert.Equal(2, passages.Count);
        Assert.All(passages, p => Assert.Equal("chat-history.txt", p.Source));
    }

    [Fact]
    public async Task CreateKernelPlugin_WithReranker_ReturnsTheRerankersBestWithItsScore()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("kb", engine.Generator);
        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync(TestCorpus.KnowledgeBase);
        await using var emulator = await Jina.Testing.JinaApiEmulator.StartAsync(new() { Embedder = new Jina.Testing.PreferringEmbeddingGenerator("cool down") });
        using var reranker = Emulated.Reranker(emulator);
        var kernel = new Kernel();
        kernel.Plugins.Add(JinaSearchPlugin.CreateKernelPlugin(collection, new JinaPassageSearchOptions<string> { Top = 2, Reranker = reranker }));

        var result = await kernel.InvokeAsync("search", "Search", new KernelArguments { ["query"] = "How do I charge my lightsaber?", ["top"] = 1 });

        // The hybrid search's best is the charging answer; the reranker (a stand-in preferring "cool down") puts the overheating one first.
        var passage = Assert.Single(result.GetValue<IReadOnlyList<JinaSearchResult>>()!);
        Assert.Equal("lightsaber-faq.md#3", passage.Source);
        Assert.Equal(1.0, passage.Score!.Value, 5);
        var request = Assert.Single(emulator.Requests);
        Assert.Equal((6, 1), (request.Inputs.Count, request.TopN));
        Assert.Equal(TestCorpus.Seed.KnowledgeBase.En[4], request.Inputs[0]);
    }

    [Fact]
    public void CreateKernelPlugin_FunctionMetadata_DescribesTheToolForFunctionCalling()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(384));

        var plugin = JinaSearchPlugin.CreateKernelPlugin(collection);

        Assert.Equal("search", plugin.Name);
        var function = Assert.Single(plugin);
        Assert.Equal("Search", function.Name);
        Assert.False(string.IsNullOrWhiteSpace(function.Description));
        var query = Assert.Single(function.Metadata.Parameters, p => p.Name == "query");
        Assert.True(query.IsRequired);
        Assert.Contains(function.Metadata.Parameters, p => p.Name == "top" && !p.IsRequired);
        Assert.DoesNotContain(function.Metadata.Parameters, p => p.Name == "cancellationToken");
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(384));

        Assert.Throws<ArgumentNullException>(() => JinaSearchPlugin.Create<string>(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaSearchPlugin.Create(collection, defaultTop: 0));
        Assert.Throws<ArgumentNullException>(() => JinaSearchPlugin.Create(collection, options: null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaSearchPlugin.Create(collection, new JinaPassageSearchOptions<string> { Top = 51 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaSearchPlugin.Create(collection, new JinaPassageSearchOptions<string> { NeighborChunks = -1 }));
    }

    [Fact]
    public async Task SearchAsync_EmptyQuery_Throws()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", JinaDocumentChunk<string>.CreateCollectionDefinition(384));

        await Assert.ThrowsAsync<ArgumentException>(() => JinaSearchPlugin.Create(collection).SearchAsync("  "));
    }
}
