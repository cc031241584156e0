namespace Jina.VectorData.InMemory.Internal;

/// <summary>Merges a vector ranking and a keyword ranking by reciprocal-rank fusion.</summary>
/// <remarks>
/// Each row scores <c>Σ 1 / (<see cref="K"/> + rank)</c> over the rankings it appears in, ranks starting at 1 (Cormack, Clarke and
/// Büttcher, SIGIR 2009; the same k = 60 as Azure AI Search, Elasticsearch and OpenSearch). Only ranks count, so cosine similarities
/// and BM25 scores, which live on unrelated scales, need no normalising, and neither ranking can drown the other. Rows with equal
/// scores in a ranking share its rank (1, 2, 2, 4), so the order in which tied rows happen to be stored does not decide the result.
/// Equal fused scores are ordered by the better vector rank, then the better keyword rank, then the row.
/// </remarks>
internal static class ReciprocalRankFusion
{
    /// <summary>The constant that damps the weight of the top ranks.</summary>
    public const int K = 60;

    /// <summary>Fuses two rankings, each best first.</summary>
    /// <param name="vector">The vector ranking: rows and their scores, best first.</param>
    /// <param name="keyword">The keyword ranking: rows and their BM25 scores, best first.</param>
    /// <returns>Every row of either ranking with its fused score, best first.</returns>
    public static List<(int Row, double Score)> Fuse(IReadOnlyList<(int Row, double Score)> vector, IReadOnlyList<(int Row, double Score)> keyword)
    {
        var fused = new Dictionary<int, (double Score, int VectorRank, int KeywordRank)>(vector.Count + keyword.Count);
        var vectorRanks = CompetitionRanks(vector);
        for (var i = 0; i < vector.Count; i++)
        {
            fused[vector[i].Row] = (1.0 / (K + vectorRanks[i]), vectorRanks[i], int.MaxValue);
        }

        var keywordRanks = CompetitionRanks(keyword);
        for (var i = 0; i < keyword.Count; i++)
        {
            var row = keyword[i].Row;
            var contribution = 1.0 / (K + keywordRanks[i]);
            fused[row] = fused.TryGetValue(row, out var entry)
                ? (entry.Score + contribution, entry.VectorRank, keywordRanks[i])
                : (contribution, int.MaxValue, keywordRanks[i]);
        }

        var ordered = fused.ToList();
        ordered.Sort(static (a, b) =>
        {
            var order = b.Value.Score.CompareTo(a.Value.Score);
            if (order == 0)
            {
                order = a.Value.VectorRank.CompareTo(b.Value.VectorRank);
            }

            if (order == 0)
            {
                order = a.Value.KeywordRank.CompareTo(b.Value.KeywordRank);
            }

            return order == 0 ? a.Key.CompareTo(b.Key) : order;
        });

        return ordered.ConvertAll(static p => (p.Key, p.Value.Score));
    }

    /// <summary>Returns the rank of each entry of a ranking, best first, with equal scores sharing a rank (1, 2, 2, 4).</summary>
    internal static int[] CompetitionRanks(IReadOnlyList<(int Row, double Score)> ranking)
    {
        var ranks = new int[ranking.Count];
        for (var i = 0; i < ranking.Count; i++)
        {
            ranks[i] = i > 0 && ranking[i].Score.Equals(ranking[i - 1].Score) ? ranks[i - 1] : i + 1;
        }

        return ranks;
    }
}
