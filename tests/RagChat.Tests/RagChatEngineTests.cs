using Microsoft.Extensions.AI;

namespace RagChat.Tests;

public sealed class RagChatEngineTests(LocalEngineFixture fixture) : IClassFixture<LocalEngineFixture>
{
    [Fact]
    public async Task AskAsync_ChargingQuestion_CitesTheChargingEntryFirst()
    {
        var answer = await fixture.Engine.AskAsync("How do I charge my lightsaber?", top: 3);

        Assert.False(answer.FromChatModel);
        Assert.Equal("lightsaber-faq-en-5", answer.Passages[0].DocumentId);
        Assert.Contains("extractive answer", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[Lightsaber FAQ (en) #5]", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ChineseQuestionOnTheLocalEngine_CitesTheChineseFaqEntry()
    {
        // The bundled model never learned Chinese: vector search alone ranks the charging entry first. The keyword half of the
        // hybrid search reads the Chinese characters ("过热", overheating) and brings the right entry up.
        var vectorOnly = await fixture.Engine.SearchPassagesAsync("光剑过热了怎么办?", 3, new(Jina.SemanticKernel.JinaSearchMode.Vector, 0));
        var answer = await fixture.Engine.AskAsync("光剑过热了怎么办?", top: 3);

        Assert.NotEqual("lightsaber-faq-zh-4", vectorOnly[0].DocumentId);
        Assert.Equal("lightsaber-faq-zh-4", answer.Passages[0].DocumentId);
        Assert.StartsWith("hybrid #1", answer.Passages[0].FoundBy, StringComparison.Ordinal);
        Assert.Contains("[Lightsaber FAQ (zh) #4]", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ChatMessageFound_ComesWithTheTurnsAroundIt()
    {
        var answer = await fixture.Engine.AskAsync("Shall we book a table then?", top: 1);

        var passage = Assert.Single(answer.Passages);
        var conversation = Corpus.LoadBundled().Single(d => d.Id == "chat-history-en").Text;
        // The messages are one line each: the hit's 128-token neighbourhood and those of two more hits of the conversation make
        // one passage of all ten.
        Assert.Equal(("chat-history-en", 8, 0, 9), (passage.DocumentId, passage.ChunkIndex, passage.FirstChunkIndex, passage.LastChunkIndex));
        Assert.Equal(conversation.Substring(passage.Start, passage.Length), passage.Text);
        Assert.Equal("hybrid #1 and 2 more hits + 7 neighbours", passage.FoundBy);
    }

    [Fact]
    public async Task AskAsync_ChatHistoryQuestion_CitesAMessageOfThatConversation()
    {
        var answer = await fixture.Engine.AskAsync("Any good restaurant recommendations?", top: 3);

        Assert.Equal("chat-history-en", answer.Passages[0].DocumentId);
        var passage = answer.Passages[0];
        var conversation = Corpus.LoadBundled().Single(d => d.Id == "chat-history-en").Text;
        Assert.Equal(passage.Text, conversation.Substring(passage.Start, passage.Length));
    }

    [Fact]
    public async Task CompareAsync_ChatHistoryQuestion_RanksTheSameChunksBothWays()
    {
        var comparison = await fixture.Engine.CompareAsync("Any good restaurant recommendations?", top: 5);

        Assert.Equal(5, comparison.OneByOne.Count);
        Assert.Equal(5, comparison.LateChunked.Count);
        Assert.True(comparison.LateChunked.Zip(comparison.LateChunked.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        // Late-chunked vectors are not those of the chunks embedded alone, so the two rankings' scores differ.
        var late = comparison.LateChunked[0];
        var alone = comparison.OneByOne.FirstOrDefault(p => p.DocumentId == late.DocumentId && p.ChunkIndex == late.ChunkIndex);
        Assert.True(alone is null || Math.Abs(alone.Score - late.Score) > 1e-4);
    }

    [Fact]
    public async Task IngestAsync_SameCorpusAgain_WritesNothingNew()
    {
        var engine = await RagChatEngine.CreateAsync(fixture.Generator);
        var first = await engine.IngestAsync(Corpus.LoadBundled());
        var second = await engine.IngestAsync(Corpus.LoadBundled());

        Assert.True(first.ChunksWritten > 0);
        Assert.Equal(0, second.ChunksWritten);
        Assert.Equal(0, second.ChunksDeleted);
    }

    [Fact]
    public async Task IngestAsync_DocsFolder_IngestsItsFiles()
    {
        using var folder = new TempFolder();
        folder.Write("guides/kyber.md", "# Kyber crystals\n\nA kyber crystal focuses the energy of the blade. Crystals attune to their owner.");
        folder.Write("notes.txt", "The hangar doors open at dawn. Pilots must check in with the flight deck officer.");
        folder.Write("ignored.json", "{ \"not\": \"a document\" }");

        var documents = Corpus.LoadFolder(folder.Path);
        var engine = await RagChatEngine.CreateAsync(fixture.Generator);
        var result = await engine.IngestAsync(documents);
        var answer = await engine.AskAsync("What does a kyber crystal do?", top: 1);

        Assert.Equal(2, result.Documents);
        Assert.Equal(["file:guides/kyber.md", "file:notes.txt"], documents.Select(d => d.Id));
        Assert.Equal("guides/kyber.md", answer.Passages[0].Source);
    }

    [Fact]
    public async Task AskAsync_WithChatModel_TheAgentGivesTheModelThePassagesWithTheirSourcesAndCitesThem()
    {
        var chat = new ScriptedChatClient();
        var engine = await RagChatEngine.CreateAsync(fixture.Generator, chat, chatModel: "scripted");
        await engine.IngestAsync(Corpus.LoadBundled());

        var answer = await engine.AskAsync("How do I charge my lightsaber?", top: 3);

        Assert.True(answer.FromChatModel);
        Assert.Equal(1, chat.Calls);
        Assert.Equal("Use the official charger through the port near the hilt [Lightsaber FAQ (en) #5].", answer.Text);
        Assert.Contains("How do I charge my lightsaber?", chat.Context, StringComparison.Ordinal);
        Assert.Contains("SourceDocName: Lightsaber FAQ (en) #5", chat.Context, StringComparison.Ordinal);
        var charging = Corpus.LoadBundled().Single(d => d.Id == "lightsaber-faq-en-5").Text;
        Assert.Contains($"Contents: {charging.Trim()}", chat.Context, StringComparison.Ordinal);
        Assert.Equal(3, answer.Passages.Count);
        Assert.Equal("lightsaber-faq-en-5", answer.Passages[0].DocumentId);
        Assert.All(answer.Passages, p => Assert.Contains($"SourceDocName: {p.Source}", chat.Context, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskAsync_WithChatModelAndReranker_TheAgentSearchesThroughTheReranker()
    {
        // The rerank emulator's stand-in scores prefer the overheating answer, so reranking shows in what the model is given.
        await using var emulator = await Jina.Testing.JinaApiEmulator.StartAsync(new() { Embedder = new Jina.Testing.PreferringEmbeddingGenerator("cool down") });
        using var reranker = new Jina.Extensions.AI.JinaReranker(new Jina.Extensions.AI.JinaRerankerOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });
        var chat = new ScriptedChatClient();
        var engine = await RagChatEngine.CreateAsync(fixture.Generator, chat, chatModel: "scripted", search: SearchSettings.Default with { Rerank = true }, reranker: reranker);
        await engine.IngestAsync(Corpus.LoadBundled());

        var answer = await engine.AskAsync("How do I charge my lightsaber?", top: 1);

        var passage = Assert.Single(answer.Passages);
        Assert.Equal("lightsaber-faq-en-4", passage.DocumentId);
        Assert.StartsWith("reranked #1", passage.FoundBy, StringComparison.Ordinal);
        Assert.Contains("SourceDocName: Lightsaber FAQ (en) #4", chat.Context, StringComparison.Ordinal);
        Assert.Equal("How do I charge my lightsaber?", Assert.Single(emulator.Requests).Query);
    }

    [Fact]
    public async Task CreateAsync_RerankingWithoutAReranker_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>("reranker", () => RagChatEngine.CreateAsync(fixture.Generator, search: new SearchSettings(Rerank: true)));
    }

    [Fact]
    public async Task AskAsync_WithChatModel_SearchFails_ThrowsInsteadOfAnsweringWithoutThePassages()
    {
        // Agent Framework's provider logs a failed search and lets the model answer anyway; RagChat must not pass that off as an answer.
        var chat = new ScriptedChatClient();
        var failing = new QueryFailingGenerator(fixture.Generator);
        var engine = await RagChatEngine.CreateAsync(failing, chat, chatModel: "scripted");
        await engine.IngestAsync(Corpus.LoadBundled().Take(3));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => engine.AskAsync("How do I charge my lightsaber?"));

        Assert.Equal("The search service is down.", error.Message);
    }

    /// <summary>Embeds passages, but fails every query, as a search service that went down after ingestion would.</summary>
    private sealed class QueryFailingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            options?.AdditionalProperties?.TryGetValue("task", out var task) == true && Equals(task?.ToString(), "retrieval.query")
                ? throw new HttpRequestException("The search service is down.")
                : base.GenerateAsync(values, options, cancellationToken);
    }

    /// <summary>A chat model that answers from the context it is given, and keeps that context for the test to read.</summary>
    private sealed class ScriptedChatClient : IChatClient
    {
        public int Calls { get; private set; }

        public string Context { get; private set; } = string.Empty;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            Context = string.Join("\n", messages.Select(m => m.Text));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                "Use the official charger through the port near the hilt [Lightsaber FAQ (en) #5].")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("RagChat asks for whole responses.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
