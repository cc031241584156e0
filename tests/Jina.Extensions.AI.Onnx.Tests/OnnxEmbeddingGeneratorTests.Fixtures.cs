using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI.Onnx.Tests;

public sealed partial class OnnxEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_TimeProviderGiven_StampsCreatedAtByItsClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero));
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny, TimeProvider = time });

        var result = await generator.GenerateAsync(["How do I charge my lightsaber?"]);

        Assert.Equal(time.GetUtcNow(), Assert.Single(result).CreatedAt);
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureEveryTask_MatchesTheReferenceWithTaskIdAndPrefix()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });
        var cases = FixtureModels.V3Plain.ToList();
        Assert.Equal(15, cases.Count);

        foreach (var (task, text, tokens, expected) in cases)
        {
            var result = await generator.GenerateAsync([text], Options(task: task));

            Assert.Equal(tokens, result.Usage?.InputTokenCount);
            var similarity = VectorAssert.Cosine(expected, result[0].Vector.Span);
            Assert.True(similarity > 0.9999f, $"{task}: '{text}' {similarity}");
        }
    }

    [Fact]
    public async Task GenerateAsync_V3Signature_RetrievalTasksPrependTheirInstruction()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });
        const string text = "How do I charge my lightsaber?";
        var tokenizer = generator.Tokenizer;

        var query = await generator.GenerateAsync([text], Options(task: "retrieval.query"));
        var passage = await generator.GenerateAsync([text], new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.Task] = JinaTask.RetrievalPassage } });
        var matching = await generator.GenerateAsync([text], Options(task: "text-matching"));

        Assert.Equal(tokenizer.CountTokens("Represent the query for retrieving evidence documents: " + text) + 2, query.Usage?.InputTokenCount);
        Assert.Equal(tokenizer.CountTokens("Represent the document for retrieval: " + text) + 2, passage.Usage?.InputTokenCount);
        Assert.Equal(tokenizer.CountTokens(text) + 2, matching.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureTasksWithoutPrefix_DifferOnlyByTaskId()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });
        const string text = "Berlin is the capital of Germany.";

        var separation = await generator.GenerateAsync([text], Options(task: "separation"));
        var classification = await generator.GenerateAsync([text], Options(task: "classification"));
        var noTask = await generator.GenerateAsync([text]);
        var matching = await generator.GenerateAsync([text], Options(task: "text-matching"));

        Assert.Equal(separation.Usage?.InputTokenCount, classification.Usage?.InputTokenCount);
        Assert.True(VectorAssert.Cosine(separation[0].Vector.Span, classification[0].Vector.Span) < 0.99f);
        Assert.Equal(matching[0].Vector.ToArray(), noTask[0].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureUnknownTask_ThrowsListingTheTasks()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["text"], Options(task: "code.query")));

        Assert.Contains("code.query", error.Message, StringComparison.Ordinal);
        Assert.Contains("retrieval.passage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureLateChunking_MatchesTheReferenceOnTextEmbeds()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });

        foreach (var (task, chunks, tokens, expected) in FixtureModels.V3LateChunking)
        {
            var result = await generator.GenerateAsync(chunks, Options(task: task, lateChunking: true));

            Assert.Equal(tokens, result.Usage?.InputTokenCount);
            for (var i = 0; i < chunks.Length; i++)
            {
                var similarity = VectorAssert.Cosine(expected[i], result[i].Vector.Span);
                Assert.True(similarity > 0.9999f, $"{task}, chunk {i}: {similarity}");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureLateChunkingPastASmallContext_KeepsEveryChunkAndTheFirstWindowExact()
    {
        var (task, chunks, _, expected) = FixtureModels.V3LateChunking.First();
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny, MaxInputTokens = 64, LateChunkingOverlapTokens = 16 });

        var result = await generator.GenerateAsync(chunks, Options(task: task, lateChunking: true));

        Assert.Equal(chunks.Length, result.Count);
        Assert.All(result, e => VectorAssert.IsUnit(e.Vector.Span));
        // Each token of this model sees only the text before it, so the first window reproduces the whole pass for chunk 0.
        Assert.True(VectorAssert.Cosine(expected[0], result[0].Vector.Span) > 0.9999f);
        Assert.True(VectorAssert.Cosine(expected[2], result[2].Vector.Span) < 0.9999f, "the last chunk lost the start of the document");
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureLateChunkingPastASmallContext_WindowsCarryTheTextBeforeTheirChunks()
    {
        var (task, chunks, _, expected) = FixtureModels.V3LateChunking.Single(c => c.Task == "text-matching");
        using var overlapping = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny, MaxInputTokens = 64, LateChunkingOverlapTokens = 16 });
        using var disjoint = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny, MaxInputTokens = 64, LateChunkingOverlapTokens = 0 });

        var withContext = await overlapping.GenerateAsync(chunks, Options(task: task, lateChunking: true));
        var withoutContext = await disjoint.GenerateAsync(chunks, Options(task: task, lateChunking: true));

        // The document (108 tokens) needs more than one window of 62 tokens; the first is the same either way.
        Assert.True(VectorAssert.Cosine(withContext[0].Vector.Span, withoutContext[0].Vector.Span) > 0.99999f);
        for (var i = 1; i < chunks.Length; i++)
        {
            var carried = VectorAssert.Cosine(expected[i], withContext[i].Vector.Span);
            var alone = VectorAssert.Cosine(expected[i], withoutContext[i].Vector.Span);
            Assert.True(carried > alone, $"chunk {i}: {carried} with 16 tokens of context, {alone} without, against the whole-document pass");
        }
    }

    [Fact]
    public async Task GenerateAsync_V3SignatureConcurrentCalls_AgreeWithSequentialOnes()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });
        var cases = FixtureModels.V3Plain.ToList();
        var sequential = new List<float[]>();
        foreach (var (task, text, _, _) in cases)
        {
            sequential.Add((await generator.GenerateAsync([text], Options(task: task)))[0].Vector.ToArray());
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8 * cases.Count).Select(i => Task.Run(async () =>
            (i, (await generator.GenerateAsync([cases[i % cases.Count].Text], Options(task: cases[i % cases.Count].Task)))[0].Vector.ToArray()))));

        foreach (var (i, vector) in concurrent)
        {
            Assert.True(VectorAssert.Cosine(vector, sequential[i % cases.Count]) > 0.99999f, $"call {i}: {cases[i % cases.Count].Task}");
        }
    }

    [Fact]
    public void GetService_V3Signature_ReportsTheFixtureShapeAndSentencePieceTokenizer()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });

        var capabilities = generator.GetService<EmbeddingModelCapabilities>()!;

        Assert.Equal("v3-tiny", capabilities.ModelId);
        Assert.Equal(8192, capabilities.MaxInputTokens);
        Assert.Equal(64, capabilities.DefaultDimensions);
        Assert.Equal(32, capabilities.MinDimensions);
        Assert.Equal(64, capabilities.MaxDimensions);
        Assert.True(capabilities.SupportsLateChunking);
        Assert.IsType<SentencePieceTokenizer>(capabilities.Tokenizer);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(new Uri(Path.Combine(FixtureModels.V3Tiny, "onnx", "model.onnx")), metadata.ProviderUri);
        Assert.Equal("v3-tiny", metadata.DefaultModelId);
    }

    [Fact]
    public async Task GenerateAsync_PooledOutputGraph_FeedsTokenTypeIdsAndMatchesTheReference()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.BertPooled });
        var cases = FixtureModels.BertPooledPlain.ToList();

        var result = await generator.GenerateAsync(cases.Select(c => c.Text));

        for (var i = 0; i < cases.Count; i++)
        {
            Assert.True(VectorAssert.Cosine(cases[i].Embedding, result[i].Vector.Span) > 0.9999f, cases[i].Text);
        }

        Assert.False(generator.GetService<EmbeddingModelCapabilities>()!.SupportsLateChunking);
    }

    [Fact]
    public async Task GenerateAsync_PooledOutputGraphWithLateChunking_ThrowsSayingTokenEmbeddingsAreNeeded()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.BertPooled });

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateAsync(["one chunk", "another chunk"], Options(lateChunking: true)));

        Assert.Contains("token embeddings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WhileACallIsRunning_LetsItFinishAndRefusesLaterCalls()
    {
        const string text = "Berlin is the capital of Germany.";
        var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { ModelPath = FixtureModels.V3Tiny });
        var expected = (await generator.GenerateAsync([text], Options(task: "separation")))[0].Vector.ToArray();
        // The inputs are read once the call is under way: disposing from there is Dispose racing a running call, made deterministic.
        var result = await generator.GenerateAsync(DisposingWhenRead(generator, text), Options(task: "separation"));

        Assert.Equal(expected, result[0].Vector.ToArray());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync([text]));
        generator.Dispose();
    }

    [Fact]
    public void Constructor_TokenizerOfUnknownKind_ThrowsSayingWhichKindsAreRead()
    {
        var error = Assert.Throws<NotSupportedException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions
        {
            ModelPath = FixtureModels.V3Tiny,
            TokenizerPath = Path.Combine(FixtureModels.Folder, "expected.json"),
        }));

        Assert.Contains("expected.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains(".model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_GraphWithoutEmbeddings_ThrowsNamingItsOutputs()
    {
        var error = Assert.Throws<NotSupportedException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions
        {
            ModelPath = FixtureModels.Unsupported,
            TokenizerPath = Path.Combine(FixtureModels.BertPooled, "vocab.txt"),
        }));

        Assert.Contains("logits", error.Message, StringComparison.Ordinal);
        Assert.Contains("last_hidden_state", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A task value that disposes its generator when the call reads it.</summary>
    private static IEnumerable<string> DisposingWhenRead(IDisposable generator, string text)
    {
        generator.Dispose();
        yield return text;
    }
}
