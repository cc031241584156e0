using Jina.SemanticKernel;

namespace RagChat.Tests;

public sealed class RetrievalEvaluationTests
{
    [Fact]
    public void AnswerRank_AnswerInANeighborhood_TakesTheRankOfTheHitItNeighbors()
    {
        JinaPassage[] passages =
        [
            Passage("chat", rank: 1, (4, JinaRetrievalStage.Neighbor, 1), (5, JinaRetrievalStage.Hybrid, 1), (6, JinaRetrievalStage.Neighbor, 1)),
            Passage("faq", rank: 2, (0, JinaRetrievalStage.Hybrid, 2)),
            Passage("chat", rank: 3, (8, JinaRetrievalStage.Neighbor, 3), (9, JinaRetrievalStage.Hybrid, 3)),
        ];

        Assert.Equal(1, RetrievalEvaluation.AnswerRank(passages, "chat", 6));
        Assert.Equal(2, RetrievalEvaluation.AnswerRank(passages, "faq", 0));
        Assert.Equal(3, RetrievalEvaluation.AnswerRank(passages, "chat", 8));
        Assert.Null(RetrievalEvaluation.AnswerRank(passages, "chat", 7));
        Assert.Null(RetrievalEvaluation.AnswerRank(passages, "reviews", 0));
    }

    [Fact]
    public void Configurations_WithNeighbors_MeasureVectorAndHybridAloneAndWithThem()
    {
        Assert.Equal(["vector", "hybrid", "vector + 1 neighbour", "hybrid + 1 neighbour"], RetrievalEvaluation.Configurations(1).Select(c => c.ToString()));
        Assert.Equal(["vector", "hybrid"], RetrievalEvaluation.Configurations(0).Select(c => c.ToString()));
    }

    [Fact]
    public void Configurations_WithRerank_AddHybridRerankedAloneAndWithNeighborsLast()
    {
        Assert.Equal(
            ["vector", "hybrid", "vector + 1 neighbour", "hybrid + 1 neighbour", "hybrid + rerank", "hybrid + rerank + 1 neighbour"],
            RetrievalEvaluation.Configurations(1, rerank: true).Select(c => c.ToString()));
        Assert.Equal(["vector", "hybrid", "hybrid + rerank"], RetrievalEvaluation.Configurations(0, rerank: true).Select(c => c.ToString()));
        Assert.Throws<InvalidOperationException>(() => new SearchSettings(Rerank: true).ToOptions(3));
    }

    [Fact]
    public void Load_BundledSets_HoldEnglishAndChineseQuestionsAboutEveryDocument()
    {
        var documents = Corpus.LoadBundled().Select(d => d.Id).ToHashSet();
        foreach (var file in new[] { "questions.jsonl", "questions-heldout.jsonl" })
        {
            var questions = EvaluationQuestion.Load(Path.Combine(AppContext.BaseDirectory, "Data", file));

            Assert.True(questions.Count >= 40, file);
            Assert.Equal(["en", "zh"], questions.Select(q => q.Language).Distinct().Order());
            Assert.All(questions, q => Assert.Contains(q.DocumentId, documents));
        }
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"language\":\"en\",\"question\":\"q\",\"documentId\":\"d\"}", "line 1: 'chunkIndex'")]
    [InlineData("{\"id\":\"a\",\"language\":\"en\",\"question\":\"\",\"documentId\":\"d\",\"chunkIndex\":0}", "line 1: 'question' is missing or empty")]
    [InlineData("\n{not json", "line 2:")]
    [InlineData("", "holds no questions")]
    [InlineData("{\"id\":\"a\",\"language\":\"en\",\"question\":\"q\",\"documentId\":\"d\",\"chunkIndex\":0}\n{\"id\":\"a\",\"language\":\"en\",\"question\":\"q\",\"documentId\":\"d\",\"chunkIndex\":1}", "the id 'a' is used more than once")]
    public void Load_MalformedFile_SaysWhereAndWhat(string content, string expected)
    {
        using var folder = new TempFolder();
        folder.Write("set.jsonl", content);

        var error = Assert.Throws<FormatException>(() => EvaluationQuestion.Load(Path.Combine(folder.Path, "set.jsonl")));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static JinaPassage Passage(string documentId, int rank, params (int Index, JinaRetrievalStage Stage, int Rank)[] chunks) => new()
    {
        DocumentId = documentId,
        Text = string.Concat(chunks.Select(c => $"chunk {c.Index}\n")),
        Start = 0,
        Length = 0,
        Rank = rank,
        Stage = JinaRetrievalStage.Hybrid,
        Chunks = [.. chunks.Select(c => new JinaPassageChunk { ChunkIndex = c.Index, Text = "", Start = 0, Length = 0, Stage = c.Stage, Rank = c.Rank })],
    };
}
