using Jina.Extensions.AI;
using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel.Tests;

/// <summary>Images and PDFs into a vector store with the passage task, found by text questions with the query task.</summary>
public sealed class JinaImageIngestorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jina-images-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JinaImageEmbeddingGenerator ImageGenerator(JinaApiEmulator emulator, string model = "jina-embeddings-v4", int? dimensions = null) =>
        new(new JinaEmbeddingGeneratorOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint, ModelId = model, Dimensions = dimensions, MaxRetries = 0 });

    private void WriteGallery()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "street"));
        File.WriteAllBytes(Path.Combine(_folder, "street", "bicycle.png"), EmulatorMedia.Png("a red bicycle leaning against a brick wall"));
        File.WriteAllBytes(Path.Combine(_folder, "lighthouse.png"), EmulatorMedia.Png("a white lighthouse on a rocky coast at night"));
        File.WriteAllBytes(Path.Combine(_folder, "market.jpg"), EmulatorMedia.Png("a crowded fruit market with oranges and melons"));
        File.WriteAllBytes(Path.Combine(_folder, "manual.pdf"), EmulatorMedia.Pdf("lightsaber manual: how to charge the kyber crystal battery"));
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not an image");
    }

    [Theory]
    [InlineData("jina-embeddings-v4")]
    [InlineData("jina-clip-v2")]
    public async Task IngestFolderAsync_ThenTextSearch_FindsTheImageTheQuestionDescribes(string model)
    {
        WriteGallery();
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var images = ImageGenerator(emulator, model);
        using var text = Emulated.Generator(emulator, model);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<Guid>("gallery", text);

        JinaIngestionResult result = await new JinaImageIngestor<Guid>(collection, images).IngestFolderAsync(_folder);
        var ingestion = emulator.Requests.ToList();
        emulator.ClearRequests();
        var bicycle = await collection.SearchAsync("Where is the red bicycle?", 1).SingleAsync();
        var manual = await collection.SearchAsync("How do I charge the battery of my lightsaber?", 1).SingleAsync();
        var coast = await collection.SearchAsync("a lighthouse by the sea at night", 1).SingleAsync();

        Assert.Equal((4, 0, 4L), (result.Documents, result.DocumentsSkipped, result.ChunksWritten));
        Assert.Equal(["image", "image", "image", "pdf"], ingestion.SelectMany(r => r.InputKinds).Order());
        Assert.All(ingestion, r => Assert.Equal(model == "jina-clip-v2" ? null : "retrieval.passage", r.Task));
        Assert.All(emulator.Requests, r => Assert.Equal(("retrieval.query", "text"), (r.Task, r.InputKinds.Single())));
        Assert.Equal("street/bicycle.png", bicycle.Record.Source);
        Assert.Equal("bicycle.png", bicycle.Record.Text);
        Assert.Equal("manual.pdf", manual.Record.Source);
        Assert.Equal("lighthouse.png", coast.Record.Source);
        Assert.Equal((model, "retrieval.passage"), (bicycle.Record.EmbeddingModel, bicycle.Record.EmbeddingTask));
    }

    [Fact]
    public async Task IngestFolderAsync_AgainAfterAnEdit_EmbedsOnlyWhatChanged()
    {
        WriteGallery();
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var images = ImageGenerator(emulator, dimensions: 256);
        using var text = Emulated.Generator(emulator, "jina-embeddings-v4", 256);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("gallery", text);
        var ingestor = new JinaImageIngestor<string>(collection, images, new JinaIngestionOptions { Dimensions = 256 });
        await ingestor.IngestFolderAsync(_folder);
        emulator.ClearRequests();

        JinaIngestionResult unchanged = await ingestor.IngestFolderAsync(_folder);
        File.WriteAllBytes(Path.Combine(_folder, "lighthouse.png"), EmulatorMedia.Png("a red bicycle on a bridge"));
        JinaIngestionResult edited = await ingestor.IngestFolderAsync(_folder);
        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        var hit = await collection.SearchAsync("a red bicycle on a bridge", 1).SingleAsync();

        Assert.Equal((4, 4, 0L), (unchanged.Documents, unchanged.DocumentsSkipped, unchanged.ChunksWritten));
        Assert.Equal((4, 3, 1L), (edited.Documents, edited.DocumentsSkipped, edited.ChunksWritten));
        Assert.Equal((256, "image"), (request.Dimensions, request.InputKinds.Single()));
        Assert.Equal("lighthouse.png", hit.Record.Source);
        Assert.Equal(4, await collection.GetAsync(r => r.ChunkIndex >= 0, 100).CountAsync());
    }

    [Fact]
    public async Task IngestFolderAsync_FileOverEightMegabytes_NamesItAndSendsNothing()
    {
        WriteGallery();
        File.WriteAllBytes(Path.Combine(_folder, "poster.png"), new byte[(8 * 1024 * 1024) + 1]);
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var images = ImageGenerator(emulator);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<Guid>("gallery", Emulated.Generator(emulator, "jina-embeddings-v4"));

        var ex = await Assert.ThrowsAsync<ArgumentException>("folder", () => new JinaImageIngestor<Guid>(collection, images).IngestFolderAsync(_folder));

        Assert.Contains("poster.png (8.0 MB)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
        Assert.False(await collection.CollectionExistsAsync());
    }

    [Fact]
    public async Task GetJinaCollectionAsync_TextGeneratorOfAnotherModel_IsRefusedOnAnImageCollection()
    {
        WriteGallery();
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var images = ImageGenerator(emulator, "jina-clip-v2");
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<Guid>("gallery", Emulated.Generator(emulator, "jina-clip-v2"));
        await new JinaImageIngestor<Guid>(collection, images).IngestFolderAsync(_folder);

        var ex = await Assert.ThrowsAsync<JinaEmbeddingMismatchException>(() => store.GetJinaCollectionAsync<Guid>("gallery", Emulated.Generator(emulator, "jina-embeddings-v3")));

        Assert.Contains("jina-clip-v2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_ImagesGivenDirectly_CarryTheirSourceAndDescription()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var images = ImageGenerator(emulator);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("gallery", Emulated.Generator(emulator, "jina-embeddings-v4"));
        var ingestor = new JinaImageIngestor<string>(collection, images);
        JinaImage[] gallery = [.. Enumerable.Range(0, 20).Select(i => new JinaImage(
            $"photo-{i}", new DataContent(EmulatorMedia.Png(pixel: (byte)i), "image/png"), $"https://photos.example.com/{i}.png", $"Photo number {i}"))];
        var reports = new List<string>();

        JinaIngestionResult result = await ingestor.IngestAsync(gallery, new SynchronousProgress<JinaIngestionProgress>(p => reports.Add(p.DocumentId)));
        var stored = await collection.GetAsync(r => r.DocumentId == "photo-7", 10).SingleAsync();

        Assert.Equal(20, result.ChunksWritten);
        Assert.Equal(gallery.Select(g => g.Id), reports);
        Assert.Equal([16, 4], emulator.Requests.Select(r => r.Inputs.Count));
        Assert.Equal(("https://photos.example.com/7.png", "Photo number 7", 1), (stored.Source, stored.Text, stored.ChunkCount));
        await Assert.ThrowsAsync<ArgumentException>("images", () => ingestor.IngestAsync([gallery[0], gallery[0]]));
        await Assert.ThrowsAsync<ArgumentException>("images", () => ingestor.IngestAsync([new JinaImage(" ", gallery[0].Content)]));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => ingestor.IngestFolderAsync(Path.Combine(_folder, "missing")));
    }

    [Fact]
    public async Task IngestAsync_OnlyTheContentsNameChanged_WritesTheRecordAgainWithTheNewText()
    {
        await using var emulator = await JinaApiEmulator.StartAsync();
        using var images = ImageGenerator(emulator);
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("gallery", Emulated.Generator(emulator, "jina-embeddings-v4"));
        var ingestor = new JinaImageIngestor<string>(collection, images);
        byte[] png = EmulatorMedia.Png(pixel: 3);
        await ingestor.IngestAsync([new JinaImage("photo", new DataContent(png, "image/png") { Name = "harbour at dawn" })]);

        JinaIngestionResult renamed = await ingestor.IngestAsync([new JinaImage("photo", new DataContent(png, "image/png") { Name = "harbour at dusk" })]);
        var stored = await collection.GetAsync(r => r.DocumentId == "photo", 10).SingleAsync();

        Assert.Equal((0, 1L), (renamed.DocumentsSkipped, renamed.ChunksWritten));
        Assert.Equal("harbour at dusk", stored.Text);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<Guid, JinaDocumentChunk<Guid>>("c", JinaDocumentChunk<Guid>.CreateCollectionDefinition(8));
        using var images = new JinaImageEmbeddingGenerator("key");

        Assert.Throws<ArgumentNullException>("collection", () => new JinaImageIngestor<Guid>(null!, images));
        Assert.Throws<ArgumentNullException>("generator", () => new JinaImageIngestor<Guid>(collection, null!));
    }
}
