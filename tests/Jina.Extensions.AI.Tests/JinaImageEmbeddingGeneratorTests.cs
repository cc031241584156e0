using System.Collections;
using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed class JinaImageEmbeddingGeneratorTests
{
    private static readonly byte[] s_bicycle = EmulatorMedia.Png("a red bicycle leaning against a brick wall");
    private static readonly byte[] s_lighthouse = EmulatorMedia.Png("a white lighthouse on a rocky coast at night");
    private static readonly byte[] s_plain = EmulatorMedia.Png(pixel: 200);
    private static readonly byte[] s_manual = EmulatorMedia.Pdf("the lightsaber owner's manual: charging and blade care", "Charging");

    public static TheoryData<string, int> MultimodalModels => new() { { "jina-embeddings-v4", 2048 }, { "jina-clip-v2", 1024 } };

    private static JinaImageEmbeddingGenerator Create(JinaApiEmulator emulator, string model = "jina-embeddings-v4", Action<JinaEmbeddingGeneratorOptions>? configure = null) =>
        new(TestGenerators.Options(emulator, o =>
        {
            o.ModelId = model;
            configure?.Invoke(o);
        }));

    private static JsonElement[] InputsOf(JinaApiEmulatorRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return [.. body.RootElement.GetProperty("input").EnumerateArray().Select(e => e.Clone())];
    }

    [Theory]
    [MemberData(nameof(MultimodalModels))]
    public async Task GenerateAsync_ImageBytes_SendsEachAsBase64InAnImageObject(string model, int dimensions)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, model);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync([new DataContent(s_bicycle, "image/png"), new DataContent(s_plain, "image/jpeg")]);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        JsonElement[] inputs = InputsOf(request);
        Assert.Equal(["image"], inputs[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(s_bicycle, Convert.FromBase64String(inputs[0].GetProperty("image").GetString()!));
        Assert.Equal(s_plain, Convert.FromBase64String(inputs[1].GetProperty("image").GetString()!));
        Assert.Equal(["image", "image"], request.InputKinds);
        Assert.Equal(model, request.Model);
        Assert.Equal("base64", request.EmbeddingType);
        Assert.All(result, e => Assert.Equal(dimensions, e.Dimensions));
        Assert.Equal(model, result[0].ModelId);
        Assert.Equal(EmulatorMedia.VectorOf(s_plain, dimensions), result[1].Vector.ToArray());
    }

    [Theory]
    [MemberData(nameof(MultimodalModels))]
    public async Task GenerateAsync_ImageUrls_SendsTheAddressesForTheServiceToFetch(string model, int dimensions)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, model);
        UriContent[] images =
        [
            new(new Uri("https://images.example.com/bikes/red.jpg"), "image/jpeg"),
            new(new Uri("https://images.example.com/manual.pdf"), "application/pdf"),
        ];

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(images);

        // The PDF goes alone, so the call is two requests, sent at once.
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal("https://images.example.com/bikes/red.jpg", InputsOf(emulator.Requests.Single(r => r.InputKinds[0] == "image")).Single().GetProperty("image").GetString());
        Assert.Equal("https://images.example.com/manual.pdf", InputsOf(emulator.Requests.Single(r => r.InputKinds[0] == "pdf")).Single().GetProperty("pdf").GetString());
        Assert.All(result, e => Assert.Equal(dimensions, e.Dimensions));
    }

    [Theory]
    [MemberData(nameof(MultimodalModels))]
    public async Task GenerateAsync_Pdf_GoesAloneInItsRequestAndResultsKeepInputOrder(string model, int dimensions)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, model);
        DataContent[] inputs =
        [
            new(s_bicycle, "image/png"),
            new(s_manual, "application/pdf"),
            new(s_lighthouse, "image/png"),
            new(s_plain, "image/png"),
        ];

        GeneratedEmbeddings<Embedding<float>> together = await generator.GenerateAsync(inputs);
        var alone = new List<Embedding<float>>();
        foreach (DataContent input in inputs)
        {
            alone.Add((await generator.GenerateAsync([input]))[0]);
        }

        // The call's three requests run at once and are recorded as they finish.
        IReadOnlyList<JinaApiEmulatorRequest> call = [.. emulator.Requests.Take(3)];
        Assert.Equal(["image", "image,image", "pdf"], call.Select(r => string.Join(',', r.InputKinds)).Order());
        Assert.Equal(s_manual, Convert.FromBase64String(InputsOf(call.Single(r => r.InputKinds[0] == "pdf")).Single().GetProperty("pdf").GetString()!));
        Assert.All(call, r => Assert.Equal(200, r.StatusCode));
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(dimensions, together[i].Dimensions);
            Assert.Equal(alone[i].Vector.ToArray(), together[i].Vector.ToArray());
        }
    }

    [Theory]
    [InlineData("jina-embeddings-v3")]
    [InlineData("jina-embeddings-v2-base-en")]
    [InlineData("jina-embeddings-v5-text-small")]
    public async Task Constructor_TextOnlyModel_FailsNamingTheMultimodalModels(string model)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var ex = Assert.Throws<ArgumentException>("options", () => Create(emulator, model));

        Assert.Contains($"{model} embeds text only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jina-embeddings-v4 or jina-clip-v2", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_TextOnlyModelPerCall_FailsBeforeSendingNamingTheMultimodalModels()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => generator.GenerateAsync([new DataContent(s_bicycle, "image/png")], new EmbeddingGenerationOptions { ModelId = "jina-embeddings-v3" }));

        Assert.Contains("jina-embeddings-v3 embeds text only, and input 0 is an image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jina-embeddings-v4 or jina-clip-v2", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_OverEightMegabytes_FailsBeforeSendingAndExactlyEightIsSent()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, "jina-clip-v2");
        byte[] limit = new byte[EmulatorMedia.MaxBytes];
        s_plain.CopyTo(limit, 0);
        byte[] over = new byte[EmulatorMedia.MaxBytes + 1];

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            "values", () => generator.GenerateAsync([new DataContent(s_bicycle, "image/png"), new DataContent(over, "image/png") { Name = "huge.png" }]));
        Assert.Empty(emulator.Requests);
        GeneratedEmbeddings<Embedding<float>> accepted = await generator.GenerateAsync([new DataContent(limit, "image/png")]);

        Assert.Contains("Input 1 (huge.png) is 8,388,609 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("up to 8 MB", ex.Message, StringComparison.Ordinal);
        Assert.Equal(200, Assert.Single(emulator.Requests).StatusCode);
        Assert.Single(accepted);
    }

    [Fact]
    public async Task GenerateAsync_ManyLargeImages_KeepsEachRequestUnderTheByteBudget()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator);
        DataContent[] images = [.. Enumerable.Range(0, 5).Select(i => new DataContent(Filled(6 * 1024 * 1024, (byte)i), "image/png"))];

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(images);

        Assert.Equal(5, result.Count);
        Assert.Equal([2, 2, 1], emulator.Requests.Select(r => r.Inputs.Count).OrderDescending());
        Assert.All(emulator.Requests, r => Assert.True(r.Body.Length < 2 * 8 * 1024 * 1024 * 4 / 3 + 1024, "A request carried more than two 8 MB images' worth of base64."));
        Assert.Equal(EmulatorMedia.VectorOf(images[4].Data.Span, 2048), result[4].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_MoreImagesThanARequestTakes_SplitsAtTheModelsLimit()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator);
        UriContent[] images = [.. Enumerable.Range(0, 1100).Select(i => new UriContent(new Uri($"https://images.example.com/{i}.png"), "image/png"))];

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(images);

        Assert.Equal(1100, result.Count);
        Assert.Equal([512, 512, 76], emulator.Requests.Select(r => r.Inputs.Count).OrderDescending());
        Assert.Equal(EmulatorMedia.VectorOf("https://images.example.com/1099.png"u8, 2048), result[1099].Vector.ToArray());
    }

    [Theory]
    [InlineData("jina-embeddings-v4", "retrieval.passage", "retrieval.passage")]
    [InlineData("jina-embeddings-v4", "retrieval.query", "retrieval.query")]
    [InlineData("jina-clip-v2", "retrieval.passage", null)]
    [InlineData("jina-clip-v2", "retrieval.query", "retrieval.query")]
    public async Task GenerateAsync_Task_IsSentAsTheModelsSchemaTakesIt(string model, string task, string? sent)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, model, o => o.Dimensions = 256);

        await generator.GenerateAsync([new DataContent(s_bicycle, "image/png")], new EmbeddingGenerationOptions().WithJinaTask(new JinaTask(task)));

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal((sent, 256, 200), (request.Task, request.Dimensions, request.StatusCode));
    }

    [Fact]
    public async Task GenerateAsync_ClipV2WithATaskItLacks_FailsBeforeSending()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, "jina-clip-v2");

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => generator.GenerateAsync([new DataContent(s_bicycle, "image/png")], new EmbeddingGenerationOptions().WithJinaTask(JinaTask.TextMatching)));

        Assert.Contains("jina-clip-v2 has no task 'text-matching'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_CaptionedImage_LiesNearTheTextOfTheSameModel()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator images = Create(emulator);
        using JinaEmbeddingGenerator text = TestGenerators.Create(emulator, o => o.ModelId = "jina-embeddings-v4");

        GeneratedEmbeddings<Embedding<float>> pictures = await images.GenerateAsync(
            [new DataContent(s_bicycle, "image/png"), new DataContent(s_lighthouse, "image/png")], new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage));
        Embedding<float> question = (await text.AsQueryGenerator().GenerateAsync(["Where is the red bicycle?"]))[0];

        float near = TestGenerators.Cosine(question.Vector, pictures[0].Vector);
        float far = TestGenerators.Cosine(question.Vector, pictures[1].Vector);
        Assert.True(near > far + 0.1, $"The question scored {near} against the bicycle and {far} against the lighthouse.");
    }

    [Theory]
    [InlineData("text/plain", "the Jina API embeds images (image/*) and PDFs (application/pdf)")]
    [InlineData("audio/wav", "is audio/wav")]
    public async Task GenerateAsync_NotAnImageOrPdf_FailsBeforeSending(string mediaType, string expected)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync([new DataContent("hello"u8.ToArray(), mediaType)]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_InvalidInputs_FailBeforeSending()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator);

        await Assert.ThrowsAsync<ArgumentNullException>("values", () => generator.GenerateAsync((IEnumerable<DataContent>)null!));
        await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync([new DataContent(s_bicycle, "image/png"), null!]));
        await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync([new DataContent(Array.Empty<byte>(), "image/png")]));
        var scheme = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync([new UriContent(new Uri("ftp://example.com/a.png"), "image/png")]));
        var unknown = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync([new UriContent(new Uri("https://example.com/picture"), "application/octet-stream")]));
        var relative = await Assert.ThrowsAsync<ArgumentException>("values", () => generator.GenerateAsync([new UriContent(new Uri("photos/a.png", UriKind.Relative), "image/png")]));
        var late = await Assert.ThrowsAsync<ArgumentException>(
            () => generator.GenerateAsync([new DataContent(s_bicycle, "image/png")], new EmbeddingGenerationOptions().WithLateChunking()));

        Assert.Contains("not an http(s) address", scheme.Message, StringComparison.Ordinal);
        Assert.Contains("a relative address", relative.Message, StringComparison.Ordinal);
        Assert.Contains("media type", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Late chunking pools the tokens of text inputs", late.Message, StringComparison.Ordinal);
        Assert.Empty(await generator.GenerateAsync(Array.Empty<DataContent>()));
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_BitVectors_AreTheSignsOfTheImagesFloatVector()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, "jina-clip-v2");
        IEmbeddingGenerator<DataContent, BinaryEmbedding> bits = generator;
        IEmbeddingGenerator<UriContent, BinaryEmbedding> urlBits = generator;
        var image = new DataContent(s_plain, "image/png");

        float[] floats = (await generator.GenerateAsync([image]))[0].Vector.ToArray();
        BitArray packed = (await bits.GenerateAsync([image]))[0].Vector;
        BitArray fetched = (await urlBits.GenerateAsync([new UriContent(new Uri("https://example.com/a.png"), "image/png")]))[0].Vector;

        Assert.Equal("ubinary", emulator.Requests[1].EmbeddingType);
        Assert.Equal(1024, packed.Length);
        Assert.Equal(1024, fetched.Length);
        Assert.All(Enumerable.Range(0, 1024), d => Assert.Equal(floats[d] > 0, packed[d]));
    }

    [Fact]
    public async Task GenerateAsync_ServerErrorsAndRateLimits_GoThroughTheTextGeneratorsMachinery()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator images = Create(emulator);
        using JinaEmbeddingGenerator text = TestGenerators.Create(emulator, o => o.ModelId = "jina-embeddings-v4");
        emulator.Faults.EnqueueServerErrors(2);
        emulator.Faults.EnqueueRateLimits(1);

        GeneratedEmbeddings<Embedding<float>> result = await images.GenerateAsync([new DataContent(s_bicycle, "image/png")]);
        emulator.Faults.EnqueueInsufficientBalance();
        var refused = await Assert.ThrowsAsync<JinaApiException>(() => images.GenerateAsync([new DataContent(s_bicycle, "image/png")]));

        Assert.Single(result);
        Assert.Equal([503, 503, 429, 200, 402], emulator.Requests.Select(r => r.StatusCode));
        Assert.Equal(402, (int)refused.StatusCode);
        Assert.Same(text.Client.Limiter, images.Client.Limiter);
    }

    [Fact]
    public async Task Metadata_AndGetService_DescribeTheModelAndReachTheGeneratorThroughAPipeline()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaImageEmbeddingGenerator generator = Create(emulator, "jina-clip-v2", o => o.Dimensions = 512);
        using IEmbeddingGenerator<DataContent, Embedding<float>> pipeline = generator.AsBuilder().UseOpenTelemetry().Build();

        EmbeddingGeneratorMetadata metadata = pipeline.GetService<EmbeddingGeneratorMetadata>()!;
        Embedding<float> one = await pipeline.GenerateAsync(new DataContent(s_bicycle, "image/png"));

        Assert.Equal(("jina", "jina-clip-v2", 512), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
        Assert.Equal(emulator.Endpoint, metadata.ProviderUri);
        Assert.Same(generator, pipeline.GetService<JinaImageEmbeddingGenerator>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<UriContent, BinaryEmbedding>>());
        Assert.Null(generator.GetService<JinaEmbeddingGenerator>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("key"));
        Assert.NotNull(generator.GetService<HttpClient>());
        Assert.Equal(512, one.Dimensions);
        Assert.DoesNotContain(emulator.ApiKey, generator.ToString(), StringComparison.Ordinal);
        Assert.Contains("jina-clip-v2", generator.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("options", () => new JinaImageEmbeddingGenerator((JinaEmbeddingGeneratorOptions)null!));
        Assert.Throws<ArgumentException>("apiKey", () => new JinaImageEmbeddingGenerator(" "));
        Assert.Throws<ArgumentException>("modelId", () => new JinaImageEmbeddingGenerator("key", ""));
    }

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }
}
