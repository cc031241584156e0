using Jina.VectorData.InMemory.Internal;

namespace Jina.VectorData.InMemory.Tests.Internal;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void Fuse_RankingsDisagree_OrdersBySumOfReciprocalRanks()
    {
        // Vector: 1, 2, 3, 4 — keyword: 4, 3, 5.
        (int, double)[] vector = [(1, 0.9), (2, 0.8), (3, 0.7), (4, 0.1)];
        (int, double)[] keyword = [(4, 7.5), (3, 2.0), (5, 1.0)];

        var fused = ReciprocalRankFusion.Fuse(vector, keyword);

        // 4: 1/64 + 1/61 = 0.032018; 3: 1/63 + 1/62 = 0.032002; 1: 1/61; 2: 1/62; 5: 1/63.
        Assert.Equal([4, 3, 1, 2, 5], fused.Select(f => f.Row));
        Assert.Equal((1.0 / 64) + (1.0 / 61), fused[0].Score, 15);
        Assert.Equal((1.0 / 63) + (1.0 / 62), fused[1].Score, 15);
        Assert.Equal(1.0 / 63, fused[4].Score, 15);
    }

    [Fact]
    public void Fuse_TiedScores_ShareARank()
    {
        // Every vector scores the same: the keyword ranking alone decides, whatever order the rows are stored in.
        (int, double)[] vector = [(1, 0.5), (2, 0.5), (3, 0.5)];
        (int, double)[] keyword = [(3, 1.2), (1, 0.4)];

        var fused = ReciprocalRankFusion.Fuse(vector, keyword);

        Assert.Equal([3, 1, 2], fused.Select(f => f.Row));
        Assert.Equal([1, 1, 1], ReciprocalRankFusion.CompetitionRanks(vector));
        Assert.Equal([1, 2, 2, 4], ReciprocalRankFusion.CompetitionRanks([(9, 3.0), (8, 2.0), (7, 2.0), (6, 1.0)]));
    }

    [Fact]
    public void Fuse_OneRankingEmpty_KeepsTheOtherOrder()
    {
        (int, double)[] vector = [(5, 0.9), (2, 0.3)];

        Assert.Equal([5, 2], ReciprocalRankFusion.Fuse(vector, []).Select(f => f.Row));
        Assert.Equal([5, 2], ReciprocalRankFusion.Fuse([], vector).Select(f => f.Row));
    }
}
