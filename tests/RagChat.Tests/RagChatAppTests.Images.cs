using Jina.Testing;

namespace RagChat.Tests;

/// <summary>--images: images and PDFs through the Jina API's multimodal model, refused without a key.</summary>
public sealed partial class RagChatAppTests
{
    [Fact]
    public async Task RunAsync_ImagesWithoutAKey_ExitsTwoSayingImagesNeedTheApi()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "bicycle.png"), EmulatorMedia.Png("a red bicycle"));

        var (code, output) = await RunAsync(["--images", folder.Path, "--ask", "Where is the red bicycle?"]);

        Assert.Equal(RagChatApp.UsageError, code);
        Assert.Contains("--images needs the Jina API: the local model (all-MiniLM-L6-v2) embeds text only", Flat(output), StringComparison.Ordinal);
        Assert.DoesNotContain("Embeddings:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ImagesWithAKey_AnswersATextQuestionWithTheImageAndItsSource()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "street"));
        File.WriteAllBytes(Path.Combine(folder.Path, "street", "bicycle.png"), EmulatorMedia.Png("a red bicycle leaning against a brick wall"));
        File.WriteAllBytes(Path.Combine(folder.Path, "lighthouse.png"), EmulatorMedia.Png("a white lighthouse on a rocky coast at night"));
        var environment = new Dictionary<string, string?>
        {
            ["JINA_API_KEY"] = emulator.ApiKey,
            ["JINA_ENDPOINT"] = emulator.Endpoint.ToString(),
        };

        var (code, output) = await RunAsync(["--images", folder.Path, "--ask", "Which picture shows a red bicycle?", "--top", "1", "--dimensions", "512"], environment);

        Assert.True(code == RagChatApp.Success, output);
        string flat = Flat(output);
        Assert.Contains("Jina API: jina-embeddings-v4, 512 dimensions", flat, StringComparison.Ordinal);
        Assert.Contains("Ingested 2 images and PDFs (0 unchanged)", flat, StringComparison.Ordinal);
        Assert.Contains("1. bicycle.png [street/bicycle.png]", output, StringComparison.Ordinal);
        var requests = emulator.Requests;
        Assert.All(requests, r => Assert.Equal(("jina-embeddings-v4", 512, 200), (r.Model, r.Dimensions, r.StatusCode)));
        JinaApiEmulatorRequest images = Assert.Single(requests, r => r.InputKinds.Contains("image"));
        Assert.Equal(("retrieval.passage", 2), (images.Task, images.Inputs.Count));
        Assert.Equal(("retrieval.query", "Which picture shows a red bicycle?"), (requests[^1].Task, requests[^1].Inputs.Single()));
    }

    [Fact]
    public async Task RunAsync_ImagesSecondRun_KeepsTheImagesAndEmbedsNothingNew()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var folder = new TempFolder();
        using var indexes = new TempDirectory("ragchat-index-");
        File.WriteAllBytes(Path.Combine(folder.Path, "bicycle.png"), EmulatorMedia.Png("a red bicycle leaning against a brick wall"));
        File.WriteAllBytes(Path.Combine(folder.Path, "manual.pdf"), EmulatorMedia.Pdf("the lightsaber manual"));
        string[] args = ["--images", folder.Path, "--index", indexes.Combine("images.db"), "--ask", "Which picture shows a red bicycle?", "--top", "1"];

        var (firstCode, first) = await RunWithIndexAsync(null, args, Api(emulator));
        var afterFirst = emulator.Requests.Count;
        var (secondCode, second) = await RunWithIndexAsync(null, args, Api(emulator));

        Assert.True(firstCode == RagChatApp.Success, first);
        Assert.True(secondCode == RagChatApp.Success, second);
        Assert.Contains("Ingested 2 images and PDFs (2 unchanged)", Flat(second), StringComparison.Ordinal);
        Assert.Contains("0 embedded, 0 removed", Flat(second), StringComparison.Ordinal);
        Assert.Contains("1. bicycle.png [bicycle.png]", second, StringComparison.Ordinal);
        var secondRequests = emulator.Requests.Skip(afterFirst).ToList();
        Assert.Equal(("retrieval.query", "text"), (Assert.Single(secondRequests).Task, secondRequests[0].InputKinds.Single()));
    }

    [Fact]
    public void IndexLocation_WithImages_IsAFileOfItsOwnPerImagesFolder()
    {
        using var docs = new TempDirectory("notes-");
        using var a = new TempDirectory("images-");
        using var b = new TempDirectory("images-");
        var folder = Path.Combine("home", "indexes");

        string[] indexes =
        [
            IndexLocation.Resolve(RagChatArguments.Parse([]), folder)!,
            IndexLocation.Resolve(RagChatArguments.Parse(["--images", a.Path]), folder)!,
            IndexLocation.Resolve(RagChatArguments.Parse(["--images", b.Path]), folder)!,
            IndexLocation.Resolve(RagChatArguments.Parse(["--docs", docs.Path]), folder)!,
            IndexLocation.Resolve(RagChatArguments.Parse(["--docs", docs.Path, "--images", a.Path]), folder)!,
        ];

        Assert.Equal(5, indexes.Distinct().Count());
        Assert.StartsWith(Path.Combine(folder, "bundled-images-"), indexes[1], StringComparison.Ordinal);
        Assert.Equal(indexes[1], IndexLocation.Resolve(RagChatArguments.Parse(["--images", a.Path + Path.DirectorySeparatorChar]), folder));
    }
}
