using Jina.Testing;
using Spectre.Console.Testing;

namespace RagChat.Tests;

/// <summary>RagChat keeps its index: a second start embeds only what changed, and an index of another engine or size is refused.</summary>
public sealed partial class RagChatAppTests
{
    private const string Question = "What does a kyber crystal do?";

    [Fact]
    public async Task RunAsync_SecondRunOverUnchangedDocuments_EmbedsNothing()
    {
        using var folder = NotesFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        await using var emulator = await JinaApiEmulator.StartAsync();
        var index = indexes.Combine("notes.db");

        var (firstCode, first) = await RunWithIndexAsync(null, ["--docs", folder.Path, "--index", index, "--ask", Question], Api(emulator));
        var afterFirst = emulator.Requests.Count;
        var (secondCode, second) = await RunWithIndexAsync(null, ["--docs", folder.Path, "--index", index, "--ask", Question], Api(emulator));

        Assert.True(firstCode == RagChatApp.Success, first);
        Assert.Contains("0 unchanged, 3 embedded, 0 removed", Flat(first), StringComparison.Ordinal);
        Assert.Contains(emulator.Requests.Take(afterFirst), r => r.Task == "retrieval.passage");
        Assert.True(secondCode == RagChatApp.Success, second);
        Assert.Contains($"Index: {index}", Flat(second), StringComparison.Ordinal);
        Assert.Contains("3 unchanged, 0 embedded, 0 removed", Flat(second), StringComparison.Ordinal);
        Assert.Contains("kyber.md", second, StringComparison.Ordinal);

        // The second run asked the service for the question's vector only.
        var secondRequests = emulator.Requests.Skip(afterFirst).ToList();
        Assert.Equal(("retrieval.query", Question), (Assert.Single(secondRequests).Task, secondRequests[0].Inputs.Single()));
    }

    [Fact]
    public async Task RunAsync_EditedAndRemovedFiles_ReembedsTheEditedOneAndDropsTheRemovedOne()
    {
        using var folder = NotesFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        await using var emulator = await JinaApiEmulator.StartAsync();
        string[] args = ["--docs", folder.Path, "--index", indexes.Combine("notes.db"), "--ask", "Who guards the northern gate?"];
        await RunWithIndexAsync(null, args, Api(emulator));

        folder.Write("hangar.txt", "The hangar doors open at dawn. The northern gate is guarded by Captain Rex and his squad.");
        File.Delete(Path.Combine(folder.Path, "guides", "kyber.md"));
        var before = emulator.Requests.Count;
        var (code, output) = await RunWithIndexAsync(null, args, Api(emulator));

        Assert.True(code == RagChatApp.Success, output);
        Assert.Contains("1 unchanged, 1 embedded, 1 removed", Flat(output), StringComparison.Ordinal);
        var passages = emulator.Requests.Skip(before).Where(r => r.Task == "retrieval.passage").SelectMany(r => r.Inputs).ToList();
        Assert.NotEmpty(passages);
        Assert.All(passages, p => Assert.Contains(p.Trim(), File.ReadAllText(Path.Combine(folder.Path, "hangar.txt")), StringComparison.Ordinal));
        Assert.Contains("Captain Rex", output, StringComparison.Ordinal);
        Assert.DoesNotContain("kyber.md", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IndexBuiltWithAnotherSize_IsRefusedWithTheGuardsMessageUntilReindex()
    {
        using var folder = NotesFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        await using var emulator = await JinaApiEmulator.StartAsync();
        var index = indexes.Combine("notes.db");
        await RunWithIndexAsync(null, ["--docs", folder.Path, "--index", index, "--dimensions", "256", "--ask", Question], Api(emulator));
        var before = emulator.Requests.Count;

        var (refusedCode, refused) = await RunWithIndexAsync(null, ["--docs", folder.Path, "--index", index, "--dimensions", "512", "--ask", Question], Api(emulator));
        var (rebuiltCode, rebuilt) = await RunWithIndexAsync(
            null, ["--docs", folder.Path, "--index", index, "--dimensions", "512", "--reindex", "--ask", Question], Api(emulator));

        Assert.Equal(RagChatApp.Failure, refusedCode);
        Assert.Contains("Collection 'ragchat' exists, but the vector store refused to open it for jina-embeddings-v3 (512 dimensions)", Flat(refused), StringComparison.Ordinal);
        Assert.Contains("holds 256 dimensions, not 512", Flat(refused), StringComparison.Ordinal);
        Assert.Contains($"Run again with --reindex to rebuild the index '{index}'", Flat(refused), StringComparison.Ordinal);
        Assert.True(rebuiltCode == RagChatApp.Success, rebuilt);
        Assert.Contains("0 unchanged, 3 embedded", Flat(rebuilt), StringComparison.Ordinal);
        Assert.All(emulator.Requests.Skip(before), r => Assert.Equal(512, r.Dimensions));
    }

    [Fact]
    public async Task RunAsync_IndexBuiltWithTheLocalEngine_IsRefusedForTheApiModelOfTheSameSize()
    {
        using var folder = NotesFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        await using var emulator = await JinaApiEmulator.StartAsync();
        string[] args = ["--docs", folder.Path, "--index", indexes.Combine("notes.db"), "--dimensions", "384", "--ask", Question];
        var (localCode, local) = await RunWithIndexAsync(null, args, s_noEnvironment);

        var (code, output) = await RunWithIndexAsync(null, args, Api(emulator));

        Assert.True(localCode == RagChatApp.Success, local);
        Assert.Equal(RagChatApp.Failure, code);
        Assert.Contains("holds vectors of all-MiniLM-L6-v2 (384 dimensions), but the embedding generator produces jina-embeddings-v3 (384 dimensions)", Flat(output), StringComparison.Ordinal);
        Assert.Contains("--reindex", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Requests, r => r.Task == "retrieval.passage");
    }

    [Fact]
    public async Task RunAsync_LocalEngineSecondRun_SaysNothingWasEmbedded()
    {
        using var folder = NotesFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        string[] args = ["--docs", folder.Path, "--index", indexes.Combine("notes.db"), "--ask", Question];

        await RunWithIndexAsync(null, args, s_noEnvironment);
        var (code, output) = await RunWithIndexAsync(null, args, s_noEnvironment);

        Assert.True(code == RagChatApp.Success, output);
        Assert.Contains("3 unchanged, 0 embedded, 0 removed; 0 chunks written, 0 tokens", Flat(output), StringComparison.Ordinal);
        Assert.Contains("guides/kyber.md", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DefaultIndex_LivesInTheGivenFolderNamedAfterTheCorpus()
    {
        using var indexes = new TempDirectory("ragchat-index-");
        await using var emulator = await JinaApiEmulator.StartAsync();

        var (code, output) = await RunWithIndexAsync(indexes.Path, ["--ask", "How do I charge my lightsaber?"], Api(emulator));
        var (_, again) = await RunWithIndexAsync(indexes.Path, ["--ask", "How do I charge my lightsaber?"], Api(emulator));

        var bundled = Path.Combine(indexes.Path, "bundled.db");
        Assert.True(code == RagChatApp.Success, output);
        Assert.Contains($"Index: {bundled}", Flat(output), StringComparison.Ordinal);
        Assert.True(File.Exists(bundled));
        Assert.Matches(@"Ingested (\d+) documents: \1 unchanged, 0 embedded", Flat(again));
    }

    [Fact]
    public void IndexLocation_DocsFolders_GetAnIndexEachNamedAfterTheFolder()
    {
        using var a = new TempDirectory("notes-");
        using var b = new TempDirectory("notes-");
        var folder = Path.Combine("home", "indexes");

        var first = IndexLocation.Resolve(RagChatArguments.Parse(["--docs", a.Path]), folder)!;
        var withSamples = IndexLocation.Resolve(RagChatArguments.Parse(["--docs", a.Path, "--with-samples"]), folder)!;
        var second = IndexLocation.Resolve(RagChatArguments.Parse(["--docs", b.Path + Path.DirectorySeparatorChar]), folder)!;

        Assert.StartsWith(Path.Combine(folder, Path.GetFileName(a.Path) + "-"), first, StringComparison.Ordinal);
        Assert.Equal(first, IndexLocation.Resolve(RagChatArguments.Parse(["--docs", a.Path + Path.DirectorySeparatorChar]), folder));
        Assert.Equal(3, new[] { first, withSamples, second }.Distinct().Count());
        Assert.Equal(Path.GetFullPath("mine.db"), IndexLocation.Resolve(RagChatArguments.Parse(["--index", "mine.db"]), folder));
        Assert.Null(IndexLocation.Resolve(RagChatArguments.Parse([]), null));
        Assert.EndsWith(Path.Combine("RagChat", "indexes"), IndexLocation.DefaultFolder(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IndexInUse_ExitsOneNamingTheFile()
    {
        using var folder = NotesFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var generator = new HashEmbeddingGenerator();
        var index = indexes.Combine("notes.db");
        using var holder = await RagChatEngine.CreateAsync(generator, indexPath: index);

        var (code, output) = await RunWithIndexAsync(null, ["--docs", folder.Path, "--index", index, "--ask", Question], Api(emulator));

        Assert.Equal(RagChatApp.Failure, code);
        Assert.Contains($"The vector store database '{index}' is in use by another store", Flat(output), StringComparison.Ordinal);
        Assert.Contains("choose another file with --index", Flat(output), StringComparison.Ordinal);
    }

    private static TempFolder NotesFolder()
    {
        var folder = new TempFolder();
        folder.Write("guides/kyber.md", "# Kyber crystals\n\nA kyber crystal focuses the energy of the blade. Crystals attune to their owner.");
        folder.Write("hangar.txt", "The hangar doors open at dawn. Pilots must check in with the flight deck officer.");
        folder.Write("menu.md", "The canteen serves blue milk on Mondays and nerf steaks on Fridays.");
        return folder;
    }

    private static Dictionary<string, string?> Api(JinaApiEmulator emulator) => new()
    {
        ["JINA_API_KEY"] = emulator.ApiKey,
        ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
    };

    private static async Task<(int Code, string Output)> RunWithIndexAsync(string? indexFolder, string[] args, Dictionary<string, string?> environment)
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 400;
        using var input = new StringReader(string.Empty);
        var code = await RagChatApp.RunAsync(args, console, name => environment.GetValueOrDefault(name), input, indexFolder);
        return (code, console.Output);
    }
}
