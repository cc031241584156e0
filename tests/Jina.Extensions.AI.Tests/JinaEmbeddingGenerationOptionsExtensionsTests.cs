using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed class JinaEmbeddingGenerationOptionsExtensionsTests
{
    [Fact]
    public void WithJinaTask_StoresThePlainTaskString()
    {
        var options = new EmbeddingGenerationOptions();

        EmbeddingGenerationOptions returned = options.WithJinaTask(JinaTask.RetrievalPassage);

        Assert.Same(options, returned);
        Assert.IsType<string>(options.AdditionalProperties![JinaPropertyNames.Task]);
        Assert.Equal("retrieval.passage", options.AdditionalProperties[JinaPropertyNames.Task]);
    }

    [Fact]
    public void WithJinaTask_NullOptions_Throws()
    {
        Assert.Throws<ArgumentNullException>("options", () => ((EmbeddingGenerationOptions)null!).WithJinaTask(JinaTask.Separation));
    }

    [Fact]
    public void WithJinaTask_DefaultTask_Throws()
    {
        Assert.Throws<ArgumentException>("task", () => new EmbeddingGenerationOptions().WithJinaTask(default));
    }

    [Fact]
    public void WithFlags_StoreBooleansUnderTheApiNames()
    {
        var options = new EmbeddingGenerationOptions().WithLateChunking().WithNormalized(false).WithTruncate();

        Assert.Equal(true, options.AdditionalProperties![JinaPropertyNames.LateChunking]);
        Assert.Equal(false, options.AdditionalProperties[JinaPropertyNames.Normalized]);
        Assert.Equal(true, options.AdditionalProperties[JinaPropertyNames.Truncate]);
    }

    [Fact]
    public void GetJinaTask_ReadsStringsAndTasks()
    {
        var fromString = new EmbeddingGenerationOptions { AdditionalProperties = new() { ["task"] = "text-matching" } };
        var fromTask = new EmbeddingGenerationOptions { AdditionalProperties = new() { ["task"] = JinaTask.Classification } };

        Assert.Equal(JinaTask.TextMatching, fromString.GetJinaTask());
        Assert.Equal(JinaTask.Classification, fromTask.GetJinaTask());
        Assert.Null(new EmbeddingGenerationOptions().GetJinaTask());
        Assert.Null(((EmbeddingGenerationOptions?)null).GetJinaTask());
    }

    [Fact]
    public void Clone_KeepsTheTaskSoCachesSeeIt()
    {
        EmbeddingGenerationOptions options = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalQuery);

        EmbeddingGenerationOptions clone = options.Clone();

        Assert.Equal("retrieval.query", clone.AdditionalProperties![JinaPropertyNames.Task]);
    }
}
