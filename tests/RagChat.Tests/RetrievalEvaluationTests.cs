using Jina.SemanticKernel;

namespace RagChat.Tests;

public sealed class RetrievalEvaluationTests
{
    [Fact]
    public async Task AnswerRankAsync_AnswerInTheSecondPassage_RanksTwo()
    {
        var searches = new List<int>();

        var rank = await RetrievalEvaluation.AnswerRankAsync(
            top =>
            {
                searches.Add(top);
                return Passages(top, Passage("chat", rank: 1, 4, 5, 6), Passage("faq", rank: 2, 0), Passage("chat", rank: 3, 8, 9));
            },
            "faq",
            0);

        Assert.Equal(2, rank);
        Assert.Equal([RetrievalEvaluation.Depth, 2], searches);
    }

    [Fact]
    public async Task AnswerRankAsync_AnswerBroughtInOnlyByADeeperSearch_RanksWhereItEntersTheContext()
    {
        // Chat chunk 7 is in the first passage of a search for 10 passages, but only searches for 3 or more read the hit that
        // brings it there: the context of the top 1 or 2 passages does not hold it.
        var rank = await RetrievalEvaluation.AnswerRankAsync(
            top => Passages(top, top >= 3 ? Passage("chat", rank: 1, 4, 5, 6, 7, 8) : Passage("chat", rank: 1, 4, 5, 6), Passage("faq", rank: 2, 0), Passage("reviews", rank: 3, 1)),
            "chat",
            7);

        Assert.Equal(3, rank);
    }

    [Fact]
    public async Task AnswerRankAsync_AnswerNotInTheDeepestSearch_IsNull()
    {
        var rank = await RetrievalEvaluation.AnswerRankAsync(top => Passages(top, Passage("chat", rank: 1, 4, 5, 6)), "chat", 7);

        Assert.Null(rank);
    }

    [Fact]
    public void Configurations_WithNeighbors_MeasureVectorAndHybridAloneAndWithThem()
    {
        Assert.Equal(
            ["vector", "hybrid", "vector + neighbours ≤ 128 tokens", "hybrid + neighbours ≤ 128 tokens"],
            RetrievalEvaluation.Configurations(SearchSettings.Default).Select(c => c.ToString()));
        Assert.Equal(
            ["vector", "hybrid", "vector + 1 neighbour", "hybrid + 1 neighbour"],
            RetrievalEvaluation.Configurations(new(Neighbors: 1, NeighborTokens: null)).Select(c => c.ToString()));
        Assert.Equal(["vector", "hybrid"], RetrievalEvaluation.Configurations(new(Neighbors: 0)).Select(c => c.ToString()));
    }

    [Fact]
    public void Configurations_WithRerank_AddHybridRerankedAloneAndWithNeighborsLast()
    {
        Assert.Equal(
            ["vector", "hybrid", "vector + 1 neighbour", "hybrid + 1 neighbour", "hybrid + rerank", "hybrid + rerank + 1 neighbour"],
            RetrievalEvaluation.Configurations(new(Neighbors: 1, NeighborTokens: null, Rerank: true)).Select(c => c.ToString()));
        Assert.Equal(["vector", "hybrid", "hybrid + rerank"], RetrievalEvaluation.Configurations(new(Neighbors: 0, Rerank: true)).Select(c => c.ToString()));
        Assert.Throws<InvalidOperationException>(() => new SearchSettings(Rerank: true).ToOptions(3));
    }

    [Fact]
    public void Load_BundledSets_HoldEnglishAndChineseQuestionsAboutEveryDocument()
    {
        var documents = Corpus.LoadBundled().Select(d => d.Id).ToHashSet();
        foreach (var file in new[] { "questions.jsonl", "questions-heldout.jsonl", "questions-fresh.jsonl" })
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

    private static Task<IReadOnlyList<JinaPassage>> Passages(int top, params JinaPassage[] passages)
        => Task.FromResult<IReadOnlyList<JinaPassage>>([.. passages.Take(top)]);

    private static JinaPassage Passage(string documentId, int rank, params int[] chunks) => new()
    {
        DocumentId = documentId,
        Text = string.Concat(chunks.Select(c => $"chunk {c}\n")),
        Start = 0,
        Length = 0,
        Rank = rank,
        Stage = JinaRetrievalStage.Hybrid,
        Chunks = [.. chunks.Select(c => new JinaPassageChunk { ChunkIndex = c, Text = "", Start = 0, Length = 0, Stage = JinaRetrievalStage.Hybrid, Rank = rank })],
    };
}
