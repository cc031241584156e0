using Jina.Agents.AI.Tests.Support;
using Jina.SemanticKernel;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.Agents.AI.Tests;

public sealed class JinaTextSearchProviderExtensionsTests(LocalKnowledgeBase kb) : IClassFixture<LocalKnowledgeBase>
{
    private const string Question = "How do I charge my lightsaber?";

    private static string ChargingAnswer => SeedExamples.Default.KnowledgeBase.En[4];

    [Fact]
    public async Task CreateTextSearchProvider_BeforeEachModelCall_TheModelReceivesThePassagesWithTheirSources()
    {
        var model = new ScriptedChatClient((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "Use the supplied charging cable.")));
        var agent = new ChatClientAgent(model, new ChatClientAgentOptions
        {
            ChatOptions = new ChatOptions { Instructions = "Answer from the passages you are given." },
            AIContextProviders = [kb.Collection.CreateTextSearchProvider(top: 2)],
        });

        var response = await agent.RunAsync(Question);

        Assert.Equal("Use the supplied charging cable.", response.Text);
        var (messages, _) = Assert.Single(model.Requests);
        string context = string.Join("\n", messages.Select(m => m.Text));
        int start = kb.Document.IndexOf(ChargingAnswer, StringComparison.Ordinal);
        int end = start + ChargingAnswer.Length + 1; // a line's chunk spans its '\n' too: chunk spans tile the document
        Assert.Contains($"Contents: {ChargingAnswer}", context, StringComparison.Ordinal);
        Assert.Contains($"SourceDocName: {LocalKnowledgeBase.Source}", context, StringComparison.Ordinal);
        Assert.Contains($"SourceDocLink: {LocalKnowledgeBase.Source}#char={start},{end}", context, StringComparison.Ordinal);
        Assert.Equal(2, CountOccurrences(context, "Contents: "));
        Assert.Contains(messages, m => m.Role == ChatRole.User && m.Text == Question);
    }

    [Fact]
    public async Task CreateTextSearchProvider_OnDemand_TheModelCallsTheSearchToolAndGetsPassagesWithSources()
    {
        var model = new ScriptedChatClient(
            (_, options) =>
            {
                var tool = Assert.Single(options?.Tools ?? []);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", tool.Name, new Dictionary<string, object?> { ["userQuestion"] = Question })]));
            },
            (messages, _) =>
            {
                var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"From the tool: {result.Result}"));
            });
        var provider = kb.Collection.CreateTextSearchProvider(
            top: 1,
            new TextSearchProviderOptions { SearchTime = TextSearchProviderOptions.TextSearchBehavior.OnDemandFunctionCalling });
        var agent = new ChatClientAgent(model, new ChatClientAgentOptions { AIContextProviders = [provider] });

        var response = await agent.RunAsync(Question);

        Assert.Equal(2, model.Requests.Count);
        Assert.DoesNotContain(model.Requests[0].Messages, m => m.Text.Contains("Contents:", StringComparison.Ordinal));
        Assert.Contains($"Contents: {ChargingAnswer}", response.Text, StringComparison.Ordinal);
        Assert.Contains($"SourceDocName: {LocalKnowledgeBase.Source}", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchTextAsync_Results_CarryTheSourceALinkToTheSpanAndThePassage()
    {
        var results = await kb.Collection.SearchTextAsync(Question, top: 3);

        Assert.Equal(3, results.Count);
        var best = results[0];
        var passage = Assert.IsType<JinaPassage>(best.RawRepresentation);
        Assert.Equal(ChargingAnswer, best.Text.TrimEnd('\n'));
        Assert.Equal(LocalKnowledgeBase.Source, best.SourceName);
        Assert.Equal(best.Text, kb.Document.Substring(passage.Start, passage.Length));
        Assert.Equal($"{LocalKnowledgeBase.Source}#char={passage.Start},{passage.Start + passage.Length}", best.SourceLink);
        Assert.Equal(JinaRetrievalStage.Hybrid, passage.Stage);
        Assert.True(passage.Score > ((JinaPassage)results[1].RawRepresentation!).Score);
    }

    [Fact]
    public async Task SearchTextAsync_WithNeighbors_GivesTheHitWithTheLinesAroundIt()
    {
        var results = await kb.Collection.SearchTextAsync(Question, new JinaPassageSearchOptions<Guid> { Top = 1, NeighborChunks = 1 });

        var result = Assert.Single(results);
        var passage = Assert.IsType<JinaPassage>(result.RawRepresentation);
        Assert.Equal(kb.Document.Substring(passage.Start, passage.Length), result.Text);
        Assert.Contains(ChargingAnswer, result.Text, StringComparison.Ordinal);
        // One document: the hits after the best one join its passage (three hits at most, each with a line either side).
        Assert.InRange(passage.Chunks.Count, 2, 9);
        Assert.Equal($"{LocalKnowledgeBase.Source}#char={passage.Start},{passage.Start + passage.Length}", result.SourceLink);
    }

    [Fact]
    public async Task CreateTextSearchProvider_WithReranker_TheModelReceivesTheRerankersBest()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { Embedder = new PreferringEmbeddingGenerator("cool down") });
        using var reranker = new Jina.Extensions.AI.JinaReranker(new Jina.Extensions.AI.JinaRerankerOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });
        var model = new ScriptedChatClient((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "Let it cool down.")));
        var provider = kb.Collection.CreateTextSearchProvider(new JinaPassageSearchOptions<Guid> { Top = 1, Reranker = reranker });
        var agent = new ChatClientAgent(model, new ChatClientAgentOptions { AIContextProviders = [provider] });

        await agent.RunAsync(Question);

        // The stand-in reranker prefers "cool down": the overheating answer reaches the model instead of the charging one.
        string context = string.Join("\n", Assert.Single(model.Requests).Messages.Select(m => m.Text));
        Assert.Contains($"Contents: {SeedExamples.Default.KnowledgeBase.En[3]}", context, StringComparison.Ordinal);
        Assert.DoesNotContain(ChargingAnswer, context, StringComparison.Ordinal);
        Assert.Equal(Question, Assert.Single(emulator.Requests).Query);
    }

    [Fact]
    public async Task SearchTextAsync_SourceIsATitle_NamesItWithoutALink()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("titled", kb.Generator);
        await new JinaVectorStoreIngestor<string>(collection, kb.Generator).IngestAsync([new JinaDocument("faq-5", ChargingAnswer, "Lightsaber FAQ (en) #5")]);

        var result = Assert.Single(await collection.SearchTextAsync(Question, top: 1));

        Assert.Equal("Lightsaber FAQ (en) #5", result.SourceName);
        Assert.Null(result.SourceLink);
    }

    [Fact]
    public async Task SearchTextAsync_OverTheWire_EmbedsTheQuestionWithTheQueryTask()
    {
        await using var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        using var generator = new Jina.Extensions.AI.JinaEmbeddingGenerator(new Jina.Extensions.AI.JinaEmbeddingGeneratorOptions
        {
            ApiKey = emulator.ApiKey,
            Endpoint = emulator.Endpoint,
            Dimensions = 256,
            MaxRetries = 0,
        });
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<Guid>("faq", generator);
        await new JinaVectorStoreIngestor<Guid>(collection, generator).IngestAsync([new JinaDocument("faq", kb.Document, LocalKnowledgeBase.Source)]);
        emulator.ClearRequests();

        var results = await collection.SearchTextAsync(Question, top: 2);

        Assert.Equal(2, results.Count);
        var request = Assert.Single(emulator.Requests);
        Assert.Equal(("retrieval.query", Question), (request.Task, Assert.Single(request.Inputs)));
    }

    [Fact]
    public async Task SearchTextAsync_BlankQuery_ReturnsNothingWithoutSearching()
    {
        Assert.Empty(await kb.Collection.SearchTextAsync("  "));
    }

    [Fact]
    public void CreateTextSearchProvider_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ((VectorStoreCollection<Guid, JinaDocumentChunk<Guid>>)null!).CreateTextSearchProvider());
        Assert.Throws<ArgumentOutOfRangeException>(() => kb.Collection.CreateTextSearchProvider(top: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => kb.Collection.CreateTextSearchProvider(top: 51));
        Assert.Throws<ArgumentNullException>(() => kb.Collection.CreateTextSearchProvider(search: null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => kb.Collection.CreateTextSearchProvider(new JinaPassageSearchOptions<Guid> { Top = 51 }));
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
