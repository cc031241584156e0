using Jina.Testing;
using Spectre.Console.Testing;

namespace RagChat.Tests;

public sealed partial class RagChatAppTests
{
    private static readonly Dictionary<string, string?> s_noEnvironment = [];

    [Fact]
    public async Task RunAsync_Ask_AnswersFromTheBundledCorpusAndExitsZero()
    {
        var (code, output) = await RunAsync(["--ask", "How do I charge my lightsaber?"]);

        Assert.Equal(RagChatApp.Success, code);
        Assert.Contains("Embeddings: local onnx", output, StringComparison.Ordinal);
        Assert.Contains("Lightsaber FAQ (en) #5", output, StringComparison.Ordinal);
        Assert.Contains("Extractive answer", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Ask_ShowsWhichStageFoundEachPassage()
    {
        var (code, output) = await RunAsync(["--ask", "Shall we book a table then?", "--top", "1"]);

        Assert.Equal(RagChatApp.Success, code);
        Assert.Contains("search: hybrid + neighbours ≤ 128 tokens", Flat(output), StringComparison.Ordinal);
        Assert.Contains("Found by", output, StringComparison.Ordinal);
        Assert.Contains("hybrid #1 and 2 more hits + 7 neighbours", Flat(output), StringComparison.Ordinal);
        Assert.Contains("chunks 0-9", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_VectorSearchWithoutNeighbors_SaysSo()
    {
        var (code, output) = await RunAsync(["--ask", "Shall we book a table then?", "--top", "1", "--search", "vector", "--neighbors", "0"]);

        Assert.Equal(RagChatApp.Success, code);
        Assert.Contains("search: vector", Flat(output), StringComparison.Ordinal);
        Assert.Contains("vector #1", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("neighbour", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Eval_PrintsTheMetricsOfEveryConfigurationPerLanguage()
    {
        var (code, output) = await RunAsync(["--eval", Path.Combine(AppContext.BaseDirectory, "Data", "questions-heldout.jsonl")]);

        Assert.True(code == RagChatApp.Success, output);
        var flat = Flat(output);
        Assert.Contains("Retrieval on 48 questions", flat, StringComparison.Ordinal);
        foreach (var column in new[] { "R@1", "R@3", "R@10", "MRR", "nDCG@10", "ctx@3 tokens" })
        {
            Assert.Contains(column, flat, StringComparison.Ordinal);
        }

        var rows = output.Split('\n').Where(l => l.TrimStart().StartsWith("vector", StringComparison.Ordinal) || l.TrimStart().StartsWith("hybrid", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, rows.Count);                                 // 4 configurations × (en, zh, all)
        Assert.Contains(rows, r => r.Contains("hybrid + neighbours ≤ 128 tokens", StringComparison.Ordinal) && r.Contains(" zh ", StringComparison.Ordinal));
        Assert.Contains("top-3 context with hybrid + neighbours ≤ 128 tokens", flat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EvalOfAMissingFile_ExitsTwoBeforeIngesting()
    {
        var (code, output) = await RunAsync(["--eval", "no-such-questions.jsonl"]);

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains("no-such-questions.jsonl' does not exist", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("Ingest", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EvalOnAnotherCorpus_ExitsOneNamingTheMissingChunk()
    {
        using var folder = new TempFolder();
        folder.Write("notes.md", "The hangar doors open at dawn.");

        var (code, output) = await RunAsync(["--eval", Path.Combine(AppContext.BaseDirectory, "Data", "questions.jsonl"), "--docs", folder.Path]);

        Assert.Equal(RagChatApp.Failure, code);
        Assert.Contains("name a chunk the index does not hold", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Interactive_AnswersUntilExit()
    {
        var (code, output) = await RunAsync([], input: "How do I charge my lightsaber?\n\nexit\nnever asked\n");

        Assert.Equal(RagChatApp.Success, code);
        Assert.Contains("Lightsaber FAQ (en) #5", output, StringComparison.Ordinal);
        Assert.DoesNotContain("never asked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Compare_ShowsBothRankings()
    {
        var (code, output) = await RunAsync(["--ask", "Any good restaurant recommendations?", "--compare", "--top", "2"]);

        Assert.Equal(RagChatApp.Success, code);
        Assert.Contains("One by one", output, StringComparison.Ordinal);
        Assert.Contains("Late chunking", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus", "Unknown option '--bogus'")]
    [InlineData("--top", "--top needs a value")]
    [InlineData("--top 0", "--top takes a whole number from 1 to 50")]
    [InlineData("--with-samples", "--with-samples goes with --docs")]
    [InlineData("--images", "--images needs a value")]
    [InlineData("--search keyword", "--search takes hybrid or vector")]
    [InlineData("--neighbors -1", "--neighbors takes a whole number from 0 to 20")]
    [InlineData("--neighbors 21", "--neighbors takes a whole number from 0 to 20")]
    [InlineData("--eval q.jsonl --ask hi", "--eval runs the questions of its file; leave out --ask")]
    public async Task RunAsync_BadCommandLine_ExitsTwoWithTheReason(string args, string expected)
    {
        var (code, output) = await RunAsync(args.Split(' '));

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains(expected, Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingDocsFolder_ExitsTwoNamingTheFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ragchat-missing-" + Guid.NewGuid().ToString("N"));

        var (code, output) = await RunAsync(["--docs", missing, "--ask", "anything"]);

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains("does not exist", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EmptyCorpus_ExitsTwo()
    {
        using var folder = new TempFolder();
        folder.Write("data.json", "{}");

        var (code, output) = await RunAsync(["--docs", folder.Path, "--ask", "anything"]);

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains("nothing to ingest", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnreadableFile_SkipsItWithAWarningAndIngestsTheRest()
    {
        using var folder = new TempFolder();
        folder.Write("kyber.md", "A kyber crystal focuses the energy of the blade.");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "broken.md"), Path.Combine(folder.Path, "gone.md"));

        var (code, output) = await RunAsync(["--docs", folder.Path, "--ask", "What focuses the blade?"]);

        Assert.Equal(RagChatApp.Success, code);
        Assert.Contains("Skipped 'broken.md'", Flat(output), StringComparison.Ordinal);
        Assert.Contains("kyber.md", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RejectedKey_ExitsOneWithoutShowingTheKey()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        const string wrongKey = "jina_wrong_key_that_must_not_be_printed";
        var environment = new Dictionary<string, string?>
        {
            ["JINA_API_KEY"] = wrongKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        };

        var (code, output) = await RunAsync(["--ask", "How do I charge my lightsaber?"], environment);

        Assert.Equal(RagChatApp.Failure, code);
        Assert.Contains("Check JINA_API_KEY", Flat(output), StringComparison.Ordinal);
        Assert.Contains("Embeddings: Jina API: jina-embeddings-v3", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnreachableChatEndpoint_ExitsOneWithAClearMessage()
    {
        var environment = new Dictionary<string, string?>
        {
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            ["RAGCHAT_CHAT_ENDPOINT"] = "http://127.0.0.1:1/v1",
            ["RAGCHAT_CHAT_MODEL"] = "any-model",
        };

        var (code, output) = await RunAsync(["--ask", "How do I charge my lightsaber?"], environment);

        Assert.Equal(RagChatApp.Failure, code);
        Assert.Contains("could not answer", Flat(output), StringComparison.Ordinal);
        Assert.Contains("RAGCHAT_CHAT_ENDPOINT", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HalfAChatConfiguration_ExitsTwo()
    {
        var (code, output) = await RunAsync(["--ask", "q"], new() { ["RAGCHAT_CHAT_MODEL"] = "llama3" });

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains("Set both RAGCHAT_CHAT_ENDPOINT", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DimensionsBeyondTheLocalModel_ExitsTwo()
    {
        var (code, output) = await RunAsync(["--ask", "q", "--dimensions", "512"]);

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains("at most 384 dimensions", Flat(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DimensionsBelowTheTrainedSizes_AreSentAsTheApiAcceptsThem()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        };

        var (code, output) = await RunAsync(["--ask", "q", "--dimensions", "16"], environment);

        Assert.True(code == RagChatApp.Success, output);
        Assert.NotEmpty(emulator.Requests);
        Assert.All(emulator.Requests, r => Assert.Equal((16, 200), (r.Dimensions, r.StatusCode)));
    }

    [Fact]
    public async Task RunAsync_WithApiKey_IngestsWithPassageTaskAndAsksWithQueryTask()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        };

        var (code, output) = await RunAsync(["--ask", "How do I charge my lightsaber?", "--dimensions", "256"], environment);

        Assert.True(code == RagChatApp.Success, output);
        Assert.Contains("Jina API: jina-embeddings-v3, 256 dimensions", Flat(output), StringComparison.Ordinal);
        var requests = emulator.Requests;
        Assert.All(requests.SkipLast(1), r => Assert.Equal(("retrieval.passage", true, 256), (r.Task, r.LateChunking, r.Dimensions)));
        Assert.Equal(("retrieval.query", false), (requests[^1].Task, requests[^1].LateChunking));
        Assert.Equal(["How do I charge my lightsaber?"], requests[^1].Inputs);
    }

    [Fact]
    public async Task RunAsync_RerankWithoutKey_ExitsTwoSayingItNeedsOneBeforeIngesting()
    {
        var (code, output) = await RunAsync(["--ask", "How do I charge my lightsaber?", "--rerank"]);

        Assert.Equal(RagChatApp.UsageError, code);
        var flat = Flat(output);
        Assert.Contains("--rerank needs JINA_API_KEY", flat, StringComparison.Ordinal);
        Assert.Contains("leave out --rerank", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("Ingest", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RerankWithKey_ShowsThatTheRerankerFoundEachPassage()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        };

        var (code, output) = await RunAsync(["--ask", "How do I charge my lightsaber?", "--rerank", "--top", "2"], environment);

        Assert.True(code == RagChatApp.Success, output);
        var flat = Flat(output);
        Assert.Contains("search: hybrid + rerank + neighbours ≤ 128 tokens", flat, StringComparison.Ordinal);
        Assert.Contains("reranked #1", flat, StringComparison.Ordinal);
        Assert.Contains("reranked #2", flat, StringComparison.Ordinal);

        // With neighbours, hits that merge leave room for more: the reranker orders all 20 candidates in its one request.
        var rerank = Assert.Single(emulator.Requests, r => r.Path == "/v1/rerank");
        Assert.Equal(("How do I charge my lightsaber?", 20, "jina-reranker-v3"), (rerank.Query, rerank.TopN, rerank.Model));
        Assert.Equal(20, rerank.Inputs.Count);
    }

    [Fact]
    public async Task RunAsync_EvalWithRerank_AddsTheRerankedRows()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        };

        var (code, output) = await RunAsync(["--eval", Path.Combine(AppContext.BaseDirectory, "Data", "questions-heldout.jsonl"), "--rerank"], environment);

        Assert.True(code == RagChatApp.Success, output);
        var rows = output.Split('\n').Where(l => l.TrimStart().StartsWith("vector", StringComparison.Ordinal) || l.TrimStart().StartsWith("hybrid", StringComparison.Ordinal)).ToList();
        Assert.Equal(18, rows.Count);                                 // 6 configurations × (en, zh, all)
        Assert.Contains(rows, r => r.Contains("hybrid + rerank + neighbours ≤ 128 tokens", StringComparison.Ordinal) && r.Contains(" zh ", StringComparison.Ordinal));
        Assert.Contains("top-3 context with hybrid + rerank + neighbours ≤ 128 tokens", Flat(output), StringComparison.Ordinal);

        // Each question is searched at least twice under each reranked configuration (for ten passages, then for the context).
        Assert.True(emulator.Requests.Count(r => r.Path == "/v1/rerank") >= 2 * 2 * 48);
    }

    private static async Task<(int Code, string Output)> RunAsync(
        string[] args, Dictionary<string, string?>? environment = null, string? input = null)
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 400;
        environment ??= s_noEnvironment;
        using var reader = input is null ? null : new StringReader(input);
        var code = await RagChatApp.RunAsync(args, console, name => environment.GetValueOrDefault(name), reader ?? new StringReader(string.Empty));
        return (code, console.Output);
    }

    // Spectre wraps long lines; tests look for phrases regardless of where the console broke them.
    private static string Flat(string output) => string.Join(' ', output.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
}
