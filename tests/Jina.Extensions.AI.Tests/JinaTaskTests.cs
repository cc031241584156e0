namespace Jina.Extensions.AI.Tests;

public sealed class JinaTaskTests
{
    [Theory]
    [InlineData("retrieval.query", true)]
    [InlineData("Retrieval.Passage", true)]
    [InlineData("separation", true)]
    [InlineData("classification", true)]
    [InlineData("TEXT-MATCHING", true)]
    [InlineData("code.query", false)]
    [InlineData("nl2code.query", false)]
    public void IsV3Task_AnswersFromTheModelTable(string task, bool expected)
    {
        Assert.Equal(expected, new JinaTask(task).IsV3Task);
        Assert.Equal(expected, JinaModels.V3.Tasks!.Contains(task, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void V3Row_HasInstructionsForItsRetrievalTasksOnly()
    {
        // The local engine puts these in front of the text and the late chunker leaves room for them: one source for both.
        Assert.Equal(
            [JinaTask.RetrievalPassage.Value, JinaTask.RetrievalQuery.Value],
            JinaModels.V3.Instructions.Keys.Order(StringComparer.Ordinal));
        Assert.All(JinaModels.V3.Instructions.Keys, task => Assert.True(new JinaTask(task).IsV3Task));
        Assert.All(JinaModels.All.Where(m => m != JinaModels.V3), m => Assert.Empty(m.Instructions));
    }
}
