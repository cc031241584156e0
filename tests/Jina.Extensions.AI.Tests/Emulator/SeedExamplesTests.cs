using Jina.Testing;

namespace Jina.Extensions.AI.Tests.Emulator;

public sealed class SeedExamplesTests
{
    [Fact]
    public void Default_LoadsEveryExample()
    {
        SeedExamples seed = SeedExamples.Default;

        Assert.Equal(6, seed.KnowledgeBase.En.Count);
        Assert.Equal(6, seed.KnowledgeBase.Zh.Count);
        Assert.Equal("光剑太暗了", seed.KnowledgeBase.Query.Zh);
        Assert.Equal("retrieval.passage", seed.KnowledgeBase.TaskDocuments);
        Assert.Equal(5, seed.Multilingual.Input.Count);
        Assert.Equal("separation", seed.Separation.Task);
        Assert.Equal(3, seed.Classification.En.Count);
        Assert.Equal("text-matching", seed.TextMatching.Task);
        Assert.True(seed.ChatHistory.LateChunking);
        Assert.Equal(10, seed.ChatHistory.En.Count);
        Assert.Equal("Berlin", seed.LateChunkingAnaphora.Query);
        Assert.Equal(3, seed.LateChunkingAnaphora.Document.Count);
    }
}
