namespace RagChat;

/// <summary>The ranking metrics of information retrieval, over a ranking given as the relevance of each position (best first).</summary>
internal static class RankingMetrics
{
    /// <summary>The share of all relevant items found in the first <paramref name="k"/> positions.</summary>
    /// <param name="relevance">Whether each position holds a relevant item, best first.</param>
    /// <param name="relevantCount">How many relevant items exist, found or not.</param>
    /// <param name="k">The cut-off.</param>
    public static double RecallAt(IReadOnlyList<bool> relevance, int relevantCount, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(relevantCount, 1);
        return (double)relevance.Take(k).Count(r => r) / relevantCount;
    }

    /// <summary>One over the position of the first relevant item, or 0 when there is none.</summary>
    /// <param name="relevance">Whether each position holds a relevant item, best first.</param>
    public static double ReciprocalRank(IReadOnlyList<bool> relevance)
    {
        for (var i = 0; i < relevance.Count; i++)
        {
            if (relevance[i])
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>Normalised discounted cumulative gain at <paramref name="k"/> with binary gains: DCG / ideal DCG, where DCG = Σ rel_i / log2(i + 1).</summary>
    /// <param name="relevance">Whether each position holds a relevant item, best first.</param>
    /// <param name="relevantCount">How many relevant items exist, found or not; the ideal ranking puts them all first.</param>
    /// <param name="k">The cut-off.</param>
    public static double NdcgAt(IReadOnlyList<bool> relevance, int relevantCount, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(relevantCount, 1);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, relevance.Count); i++)
        {
            dcg += relevance[i] ? 1 / Math.Log2(i + 2) : 0;
        }

        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, relevantCount); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return dcg / ideal;
    }
}
