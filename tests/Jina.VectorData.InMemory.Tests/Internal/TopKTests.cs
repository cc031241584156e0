using Jina.VectorData.InMemory.Internal;

namespace Jina.VectorData.InMemory.Tests.Internal;

public sealed class TopKTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(10, 1_000)]
    [InlineData(50, 20)]
    public void Offer_RandomRanks_KeepsBestInOrder(int capacity, int offers)
    {
        var random = new Random(capacity * offers);
        var heap = new TopK(capacity);
        var all = new List<(int Row, double Rank)>();
        for (var row = 0; row < offers; row++)
        {
            // Few distinct ranks, so ties are common and must be broken by the lower row.
            double rank = random.Next(10);
            all.Add((row, rank));
            heap.Offer(row, rank, (float)rank);
        }

        var expected = all.OrderByDescending(x => x.Rank).ThenBy(x => x.Row).Take(capacity).Select(x => x.Row);

        Assert.Equal(expected, heap.ToSortedArray().Select(x => x.Row));
    }

    [Fact]
    public void Merge_TwoHeaps_EqualsOneHeapOverAllOffers()
    {
        var left = new TopK(3);
        var right = new TopK(3);
        var whole = new TopK(3);
        double[] ranks = [0.5, 0.9, 0.1, 0.7, 0.95, 0.3, 0.8];
        for (var row = 0; row < ranks.Length; row++)
        {
            (row % 2 == 0 ? left : right).Offer(row, ranks[row], (float)-ranks[row]);
            whole.Offer(row, ranks[row], (float)-ranks[row]);
        }

        left.Merge(right);

        Assert.Equal(whole.ToSortedArray(), left.ToSortedArray());
        Assert.Equal([4, 1, 6], left.ToSortedArray().Select(x => x.Row));
        Assert.Equal(-0.95f, left.ToSortedArray()[0].Score);
    }
}
