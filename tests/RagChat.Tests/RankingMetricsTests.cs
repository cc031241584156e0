namespace RagChat.Tests;

public sealed class RankingMetricsTests
{
    // Two relevant items, found at positions 2 and 4 of the ranking.
    private static readonly bool[] Ranking = [false, true, false, true, false];

    [Fact]
    public void RecallAt_CountsTheRelevantItemsWithinTheCutOff()
    {
        Assert.Equal(0, RankingMetrics.RecallAt(Ranking, relevantCount: 2, k: 1));
        Assert.Equal(0.5, RankingMetrics.RecallAt(Ranking, relevantCount: 2, k: 3));
        Assert.Equal(1, RankingMetrics.RecallAt(Ranking, relevantCount: 2, k: 10));
        Assert.Equal(0.5, RankingMetrics.RecallAt(Ranking, relevantCount: 4, k: 10));   // two of four relevant items never found
    }

    [Fact]
    public void ReciprocalRank_IsOneOverTheFirstRelevantPosition()
    {
        Assert.Equal(0.5, RankingMetrics.ReciprocalRank(Ranking));
        Assert.Equal(1, RankingMetrics.ReciprocalRank([true, false]));
        Assert.Equal(0, RankingMetrics.ReciprocalRank([false, false]));
    }

    [Fact]
    public void NdcgAt_DiscountsByLogOfThePosition()
    {
        // DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677; ideal = 1/log2(2) + 1/log2(3) = 1.630930.
        Assert.Equal(0.650921, RankingMetrics.NdcgAt(Ranking, relevantCount: 2, k: 10), 6);
        Assert.Equal(0.386853, RankingMetrics.NdcgAt(Ranking, relevantCount: 2, k: 3), 6);   // 0.630930 / 1.630930
        Assert.Equal(1, RankingMetrics.NdcgAt([true, false], relevantCount: 1, k: 10));
        Assert.Equal(0, RankingMetrics.NdcgAt([false, true], relevantCount: 1, k: 1));
    }

    [Fact]
    public void Row_OneAnswerPerQuestion_AveragesOverTheQuestions()
    {
        // Four questions whose answers rank 1, 3, nowhere in the top 10, and 2.
        var row = RetrievalEvaluation.Row(SearchSettings.Default, "en", [1, 3, null, 2]);

        Assert.Equal(4, row.Questions);
        Assert.Equal(0.25, row.RecallAt1);
        Assert.Equal(0.75, row.RecallAt3);
        Assert.Equal(0.75, row.RecallAt10);
        Assert.Equal((1 + (1.0 / 3) + 0 + 0.5) / 4, row.MeanReciprocalRank, 12);
        Assert.Equal((1 + 0.5 + 0 + (1 / Math.Log2(3))) / 4, row.NdcgAt10, 12);    // rank 3 gains 1/log2(4) = 0.5
    }
}
