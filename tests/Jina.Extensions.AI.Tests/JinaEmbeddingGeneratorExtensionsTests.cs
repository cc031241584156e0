using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed class JinaEmbeddingGeneratorExtensionsTests
{
    [Fact]
    public async Task AsQueryGenerator_SendsTheQueryTaskAndLeavesCallerOptionsAlone()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Task = JinaTask.RetrievalPassage);
        using IEmbeddingGenerator<string, Embedding<float>> query = generator.AsQueryGenerator();
        EmbeddingGenerationOptions callerOptions = new EmbeddingGenerationOptions { Dimensions = 64 }.WithJinaTask(JinaTask.Separation);

        await query.GenerateAsync(["light saber"]);
        await query.GenerateAsync(["light saber"], callerOptions);

        Assert.All(emulator.Requests, r => Assert.Equal("retrieval.query", r.Task));
        Assert.Equal(64, emulator.Requests[1].Dimensions);
        Assert.Equal("separation", callerOptions.AdditionalProperties![JinaPropertyNames.Task]);
    }

    [Fact]
    public async Task AsPassageGenerator_SendsThePassageTask()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);

        await generator.AsPassageGenerator().GenerateAsync(["a passage"]);

        Assert.Equal("retrieval.passage", Assert.Single(emulator.Requests).Task);
    }

    [Fact]
    public async Task AsQueryAndPassageGenerator_RankTheDimBladeEntryFirst()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        SeedExamples.KnowledgeBaseExample kb = SeedExamples.Default.KnowledgeBase;

        GeneratedEmbeddings<Embedding<float>> passages = await generator.AsPassageGenerator().GenerateAsync(kb.En);
        Embedding<float> query = (await generator.AsQueryGenerator().GenerateAsync(["Why is my lightsaber blade dimmer"]))[0];

        int best = Enumerable.Range(0, passages.Count).MaxBy(i => TestGenerators.Cosine(query.Vector, passages[i].Vector));
        Assert.Equal(1, best);
    }

    [Fact]
    public void WithJinaTask_NullGenerator_Throws()
    {
        Assert.Throws<ArgumentNullException>("generator", () => ((IEmbeddingGenerator<string, Embedding<float>>)null!).AsQueryGenerator());
    }

    [Fact]
    public void AsQueryGenerator_GetService_ReachesTheInnerGenerator()
    {
        using var generator = new JinaEmbeddingGenerator("k");

        using IEmbeddingGenerator<string, Embedding<float>> query = generator.AsQueryGenerator();

        Assert.Same(generator, query.GetService<JinaEmbeddingGenerator>());
        Assert.NotNull(query.GetService<EmbeddingModelCapabilities>());
    }
}
