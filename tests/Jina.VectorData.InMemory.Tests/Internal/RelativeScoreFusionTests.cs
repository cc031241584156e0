using Jina.VectorData.InMemory.Internal;

namespace Jina.VectorData.InMemory.Tests.Internal;

public sealed class RelativeScoreFusionTests
{
    [Fact]
    public void Fuse_RankingsDisagree_WeighsTheNormalisedScores()
    {
        // Vector: 1, 2, 3, 4, 5 (cosines 1 … −1) — keyword: 4, 3 (BM25 1.877690, 0.939527).
        (int, double)[] vector = [(1, 1.0), (2, 0.9938837), (3, 0.7071068), (4, 0.0), (5, -1.0)];
        (int, double)[] keyword = [(4, 1.8776901), (3, 0.9395274)];

        var fused = RelativeScoreFusion.Fuse(vector, higherIsBetter: true, keyword);

        // Vector scaled over 1 … −1: 1, 0.996942, 0.853553, 0.5, 0. Keyword over its best: 4 → 1, 3 → 0.500363.
        // 3: 0.75 · 0.853553 + 0.25 · 0.500363 = 0.765256; 1: 0.75; 2: 0.747706; 4: 0.75 · 0.5 + 0.25 = 0.625; 5: 0.
        // Neither ranking's order: the record both rank well comes first, the keyword's favourite stays behind the close vectors.
        Assert.Equal([3, 1, 2, 4, 5], fused.Select(f => f.Row));
        Assert.Equal(0.765256, fused[0].Score, 6);
        Assert.Equal(0.75, fused[1].Score, 12);
        Assert.Equal(0.747706, fused[2].Score, 6);
        Assert.Equal(0.625, fused[3].Score, 12);
        Assert.Equal(0, fused[4].Score, 12);
    }

    [Fact]
    public void Fuse_Distances_CountLowerAsCloser()
    {
        (int, double)[] vector = [(7, 0.1), (8, 0.5), (9, 0.9)];

        var fused = RelativeScoreFusion.Fuse(vector, higherIsBetter: false, []);

        Assert.Equal([7, 8, 9], fused.Select(f => f.Row));
        Assert.Equal([0.75, 0.375, 0], fused.Select(f => Math.Round(f.Score, 12)));
    }

    [Fact]
    public void Fuse_EqualVectorScores_LetTheKeywordsDecide()
    {
        // Every vector scores the same, so each scales to 1; BM25 scores keep their proportion to the best.
        (int, double)[] vector = [(1, 0.5), (2, 0.5), (3, 0.5)];
        (int, double)[] keyword = [(3, 2.0), (1, 1.0)];

        var fused = RelativeScoreFusion.Fuse(vector, higherIsBetter: true, keyword);

        Assert.Equal([(3, 1.0), (1, 0.875), (2, 0.75)], fused.Select(f => (f.Row, Math.Round(f.Score, 12))));
    }

    [Fact]
    public void Fuse_OneRankingEmpty_KeepsTheOtherOrder()
    {
        (int, double)[] ranking = [(5, 0.9), (2, 0.3)];

        var vectorOnly = RelativeScoreFusion.Fuse(ranking, higherIsBetter: true, []);
        var keywordOnly = RelativeScoreFusion.Fuse([], higherIsBetter: true, ranking);

        Assert.Equal([5, 2], vectorOnly.Select(f => f.Row));
        Assert.Equal([5, 2], keywordOnly.Select(f => f.Row));
        Assert.Equal(0.25, keywordOnly[0].Score, 12);
        Assert.Equal(0.25 * 0.3 / 0.9, keywordOnly[1].Score, 12);
    }
}
