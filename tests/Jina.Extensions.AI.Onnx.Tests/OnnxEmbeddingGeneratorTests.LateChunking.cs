using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI.Onnx.Tests;

public sealed partial class OnnxEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_LateChunkingAnaphora_RaisesTheAnaphoricChunksSimilarityToTheQuery()
    {
        var chunks = SeedExamples.AnaphoraDocument;
        var query = (await Generator.GenerateAsync([SeedExamples.AnaphoraQuery]))[0].Vector;

        var alone = await Generator.GenerateAsync(chunks);
        var late = await Generator.GenerateAsync(chunks, Options(lateChunking: true));

        Assert.Equal(chunks.Length, late.Count);
        // Chunks 1 and 2 name Berlin only as 'Its' and 'The city' (measured: 0.23 -> 0.48 and 0.42 -> 0.61).
        for (var i = 1; i < chunks.Length; i++)
        {
            var before = VectorAssert.Cosine(query.Span, alone[i].Vector.Span);
            var after = VectorAssert.Cosine(query.Span, late[i].Vector.Span);
            Assert.True(after > before + 0.1f, $"chunk {i}: {before:F3} alone, {after:F3} late-chunked");
        }
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingOneChunk_EqualsThePlainEmbedding()
    {
        var plain = await Generator.GenerateAsync([Sentences[2]]);

        var late = await Generator.GenerateAsync([Sentences[2]], Options(lateChunking: true));

        Assert.True(VectorAssert.Cosine(plain[0].Vector.Span, late[0].Vector.Span) > 0.99999f);
        Assert.Equal(plain.Usage?.InputTokenCount, late.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_LateChunking_PoolsEachChunksOwnTokensOfTheJoinedText()
    {
        var chunks = SeedExamples.AnaphoraDocument;
        var tokenizer = (BertTokenizer)Generator.Tokenizer;
        var joined = tokenizer.EncodeToIds(string.Join(' ', chunks), addSpecialTokens: false);
        var concatenated = chunks.SelectMany(c => tokenizer.EncodeToIds(c, addSpecialTokens: false)).ToArray();

        var late = await Generator.GenerateAsync(chunks, Options(lateChunking: true));

        Assert.Equal(joined, concatenated);
        Assert.Equal(joined.Count + 2, late.Usage?.InputTokenCount);
        for (var i = 0; i < chunks.Length; i++)
        {
            for (var j = i + 1; j < chunks.Length; j++)
            {
                Assert.True(VectorAssert.Cosine(late[i].Vector.Span, late[j].Vector.Span) < 0.99f, $"chunks {i} and {j} pooled the same tokens");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingDocumentPastTheContext_ReturnsEveryChunkThroughWindows()
    {
        var chunks = LongDocument(2_000);
        var documentTokens = chunks.Sum(c => Generator.Tokenizer.CountTokens(c));
        Assert.InRange(documentTokens, 2_000, 2_300);

        var late = await Generator.GenerateAsync(chunks, Options(lateChunking: true, truncate: false));
        var alone = await Generator.GenerateAsync(chunks);

        Assert.Equal(chunks.Length, late.Count);
        // Later windows start 128 tokens (the default overlap) before their first chunk, so the overlap is encoded again.
        Assert.True(late.Usage?.InputTokenCount > documentTokens + 128, $"windows overlap, so more tokens are encoded than the document holds: {late.Usage?.InputTokenCount} for {documentTokens}");
        for (var i = 0; i < chunks.Length; i++)
        {
            VectorAssert.IsUnit(late[i].Vector.Span);
            var similarity = VectorAssert.Cosine(late[i].Vector.Span, alone[i].Vector.Span);
            Assert.True(similarity < 0.999f, $"chunk {i} late-chunked equals chunk {i} alone");
            Assert.True(similarity > 0.3f, $"chunk {i} late-chunked lost its own content ({similarity:F3})");
        }
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingWithDimensions_ReturnsUnitVectorsOfThatLength()
    {
        var options = Options(lateChunking: true);
        options.Dimensions = 64;

        var late = await Generator.GenerateAsync(SeedExamples.AnaphoraDocument, options);

        Assert.All(late, e =>
        {
            Assert.Equal(64, e.Vector.Length);
            VectorAssert.IsUnit(e.Vector.Span);
        });
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingChunkPastTheContext_ThrowsUnlessTruncated()
    {
        string[] chunks = ["An opening sentence.", LongText(700)];

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync(chunks, Options(lateChunking: true)));
        var cut = await Generator.GenerateAsync(chunks, Options(lateChunking: true, truncate: true));

        Assert.Contains("Chunk 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, cut.Count);
        VectorAssert.IsUnit(cut[1].Vector.Span);
    }

    [Fact]
    public async Task GenerateAsync_LateChunkingFromGeneratorDefaults_IsUsedWhenTheCallSaysNothing()
    {
        using var generator = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { LateChunking = true, Dimensions = 128 });
        var chunks = SeedExamples.AnaphoraDocument;

        var byDefault = await generator.GenerateAsync(chunks);
        var perCall = await Generator.GenerateAsync(chunks, new EmbeddingGenerationOptions { Dimensions = 128, AdditionalProperties = new() { [JinaPropertyNames.LateChunking] = true } });
        var overridden = await generator.GenerateAsync(chunks, Options(lateChunking: false));

        Assert.Equal(128, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        for (var i = 0; i < chunks.Length; i++)
        {
            Assert.True(VectorAssert.Cosine(byDefault[i].Vector.Span, perCall[i].Vector.Span) > 0.99999f);
        }

        Assert.True(VectorAssert.Cosine(byDefault[1].Vector.Span, overridden[1].Vector.Span) < 0.999f);
    }

    private string[] LongDocument(int tokens)
    {
        string[] subjects = ["The river", "The old mill", "The village council", "The harvest", "The northern road", "The library"];
        string[] verbs = ["was rebuilt after the flood of", "changed hands several times before", "drew visitors from across the valley in", "was described in a letter written in"];
        var chunks = new List<string>();
        var count = 0;
        for (var i = 0; count < tokens; i++)
        {
            var chunk = $"{subjects[i % subjects.Length]} {verbs[i % verbs.Length]} {1700 + (i * 7)}, and it remained part of local memory for generations, chapter {i}.";
            chunks.Add(chunk);
            count += Generator.Tokenizer.CountTokens(chunk);
        }

        return [.. chunks];
    }
}
