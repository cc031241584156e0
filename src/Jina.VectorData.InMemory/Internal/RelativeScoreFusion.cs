namespace Jina.VectorData.InMemory.Internal;

/// <summary>Merges a vector ranking and a keyword ranking into one by a weighted sum of their normalised scores.</summary>
/// <remarks>
/// <para>
/// Relative score fusion, as Weaviate does it by default: each ranking's scores are scaled to 0…1 and a row scores
/// <c><see cref="VectorWeight"/> · vector + (1 − <see cref="VectorWeight"/>) · keyword</c>, a ranking the row is missing from
/// adding 0. Vector scores are scaled min–max over the vector candidates (the best becomes 1, the last 0; distances are turned
/// round so that closer is higher). BM25 scores are divided by the best one: BM25's own zero is "holds no query term", so every
/// row that holds one keeps credit in proportion to its score.
/// </para>
/// <para>
/// Unlike reciprocal-rank fusion, which counts only ranks, this keeps how far apart the scores are: a keyword ranking whose
/// matches are all weak (common words of a question) moves the vector ranking little, and a clear keyword match (a name, a rare
/// term, a CJK word the embedding model never learned) lifts its row. The weight, 0.75, is Weaviate's default <c>alpha</c>.
/// Equal fused scores are ordered by the vector score, then the keyword score, then the row.
/// </para>
/// </remarks>
internal static class RelativeScoreFusion
{
    /// <summary>The weight of the vector score; the keyword score weighs the rest.</summary>
    public const double VectorWeight = 0.75;

    /// <summary>Fuses two rankings, each best first.</summary>
    /// <param name="vector">The vector ranking: rows and their similarities or distances, best first.</param>
    /// <param name="higherIsBetter">Whether a higher vector score is closer (similarities) or a lower one (distances).</param>
    /// <param name="keyword">The keyword ranking: rows and their BM25 scores (all above 0), best first.</param>
    /// <returns>Every row of either ranking with its fused score (0…1), best first.</returns>
    public static List<(int Row, double Score)> Fuse(IReadOnlyList<(int Row, double Score)> vector, bool higherIsBetter, IReadOnlyList<(int Row, double Score)> keyword)
    {
        var parts = new Dictionary<int, (double Vector, double Keyword)>(vector.Count + keyword.Count);
        if (vector.Count > 0)
        {
            double best = vector[0].Score, worst = vector[^1].Score;
            foreach (var (row, score) in vector)
            {
                var scaled = best == worst ? 1 : higherIsBetter ? (score - worst) / (best - worst) : (worst - score) / (worst - best);
                parts[row] = (scaled, 0);
            }
        }

        if (keyword.Count > 0)
        {
            var best = keyword[0].Score;
            foreach (var (row, score) in keyword)
            {
                parts[row] = (parts.GetValueOrDefault(row).Vector, score / best);
            }
        }

        var fused = new List<(int Row, double Score, double Vector, double Keyword)>(parts.Count);
        foreach (var (row, (v, k)) in parts)
        {
            fused.Add((row, (VectorWeight * v) + ((1 - VectorWeight) * k), v, k));
        }

        fused.Sort(static (a, b) =>
        {
            var order = b.Score.CompareTo(a.Score);
            order = order != 0 ? order : b.Vector.CompareTo(a.Vector);
            order = order != 0 ? order : b.Keyword.CompareTo(a.Keyword);
            return order != 0 ? order : a.Row.CompareTo(b.Row);
        });

        return fused.ConvertAll(static f => (f.Row, f.Score));
    }
}
