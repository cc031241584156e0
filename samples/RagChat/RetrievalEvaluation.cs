using Jina.SemanticKernel;

namespace RagChat;

/// <summary>Measures retrieval on a question set: for each search configuration, where the chunk that answers each question ranks.</summary>
/// <remarks>
/// Every configuration searches the same index, with the same engine, for the best <see cref="Depth"/> hits. A question's answer
/// ranks where the first hit whose passage holds the answering chunk ranks: the hit itself, or with neighbours, a hit the answer is
/// a neighbour of. So recall@3 with neighbours is the share of questions whose answer is in the context the top 3 hits give
/// an answer. Each question has one answering chunk, so recall@k is 1 or 0 per question and nDCG@10 is 1 / log2(1 + rank).
/// </remarks>
internal static class RetrievalEvaluation
{
    /// <summary>How many hits each search returns: enough for recall@10 and nDCG@10.</summary>
    public const int Depth = 10;

    /// <summary>The configurations measured: vector and hybrid, each alone and with <paramref name="neighbors"/> chunks around each hit; with <paramref name="rerank"/>, hybrid reranked by Jina, alone and with the neighbours, last.</summary>
    public static IReadOnlyList<SearchSettings> Configurations(int neighbors, bool rerank = false)
    {
        List<SearchSettings> configurations = neighbors == 0
            ? [new(JinaSearchMode.Vector, 0), new(JinaSearchMode.Hybrid, 0)]
            : [new(JinaSearchMode.Vector, 0), new(JinaSearchMode.Hybrid, 0), new(JinaSearchMode.Vector, neighbors), new(JinaSearchMode.Hybrid, neighbors)];
        if (rerank)
        {
            configurations.Add(new(JinaSearchMode.Hybrid, 0, Rerank: true));
            if (neighbors > 0)
            {
                configurations.Add(new(JinaSearchMode.Hybrid, neighbors, Rerank: true));
            }
        }

        return configurations;
    }

    /// <summary>Runs every question under every configuration.</summary>
    /// <exception cref="InvalidOperationException">A question names a chunk the index does not hold.</exception>
    public static async Task<EvaluationReport> RunAsync(
        RagChatEngine engine,
        IReadOnlyList<EvaluationQuestion> questions,
        IReadOnlyList<SearchSettings> configurations,
        CancellationToken cancellationToken = default)
    {
        var missing = new List<EvaluationQuestion>();
        foreach (var question in questions)
        {
            if (!await engine.HasChunkAsync(question.DocumentId, question.ChunkIndex, cancellationToken))
            {
                missing.Add(question);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{missing.Count} question(s) name a chunk the index does not hold, such as '{missing[0].Id}' (chunk {missing[0].ChunkIndex} of '{missing[0].DocumentId}'). " +
                "Evaluate a question set on the corpus it was written for: the bundled set on the bundled corpus, without --docs.");
        }

        var ranks = new Dictionary<SearchSettings, int?[]>();
        foreach (var configuration in configurations)
        {
            var found = new int?[questions.Count];
            for (var i = 0; i < questions.Count; i++)
            {
                var passages = await engine.SearchPassagesAsync(questions[i].Question, Depth, configuration, cancellationToken);
                found[i] = AnswerRank(passages, questions[i].DocumentId, questions[i].ChunkIndex);
            }

            ranks[configuration] = found;
        }

        var rows = new List<EvaluationRow>();
        var languages = questions.Select(q => q.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var configuration in configurations)
        {
            foreach (var language in languages.Append(null))
            {
                var selected = Enumerable.Range(0, questions.Count).Where(i => language is null || questions[i].Language == language).ToList();
                if (language is not null && languages.Count == 1)
                {
                    continue;
                }

                rows.Add(Row(configuration, language ?? "all", selected.Select(i => ranks[configuration][i]).ToList()));
            }
        }

        return new EvaluationReport(questions, ranks, rows);
    }

    /// <summary>The rank of the best hit whose passage holds the chunk, or null when no passage does.</summary>
    public static int? AnswerRank(IReadOnlyList<JinaPassage> passages, string documentId, int chunkIndex)
    {
        int? best = null;
        foreach (var passage in passages)
        {
            if (passage.Contains(documentId, chunkIndex))
            {
                var rank = passage.Chunks.First(c => c.ChunkIndex == chunkIndex).Rank;
                best = best is null ? rank : Math.Min(best.Value, rank);
            }
        }

        return best;
    }

    /// <summary>The metrics of one configuration over the given questions' answer ranks.</summary>
    public static EvaluationRow Row(SearchSettings configuration, string language, IReadOnlyList<int?> ranks)
    {
        var rankings = ranks.Select(r => (IReadOnlyList<bool>)Enumerable.Range(1, Depth).Select(position => position == r).ToArray()).ToList();
        return new(
            configuration,
            language,
            ranks.Count,
            rankings.Average(r => RankingMetrics.RecallAt(r, 1, 1)),
            rankings.Average(r => RankingMetrics.RecallAt(r, 1, 3)),
            rankings.Average(r => RankingMetrics.RecallAt(r, 1, 10)),
            rankings.Average(RankingMetrics.ReciprocalRank),
            rankings.Average(r => RankingMetrics.NdcgAt(r, 1, 10)));
    }
}
