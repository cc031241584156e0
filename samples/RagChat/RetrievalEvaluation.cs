using Jina.SemanticKernel;

namespace RagChat;

/// <summary>Measures retrieval on a question set: for each search configuration, where the chunk that answers each question ranks.</summary>
/// <remarks>
/// Every configuration searches the same index, with the same engine. A question's answer ranks k when a search for k passages
/// is the smallest one (up to <see cref="Depth"/>) whose passages hold the answering chunk: found itself, or with neighbours, as
/// the neighbour of a hit. So recall@3 is the share of questions whose answer is in the context of three passages that RagChat
/// gives a chat model. Each question has one answering chunk, so recall@k is 1 or 0 per question and nDCG@10 is
/// 1 / log2(1 + rank). The size of that context is measured too: the tokens of the three passages, on average.
/// </remarks>
internal static class RetrievalEvaluation
{
    /// <summary>The most passages a search returns: enough for recall@10 and nDCG@10.</summary>
    public const int Depth = 10;

    /// <summary>The number of passages whose size is reported: RagChat's answer context.</summary>
    public const int ContextPassages = 3;

    /// <summary>
    /// The configurations measured: vector and hybrid, each alone and with the neighbourhood <paramref name="search"/> gives each hit;
    /// when <paramref name="search"/> reranks, hybrid reranked by Jina, alone and with that neighbourhood, last.
    /// </summary>
    public static IReadOnlyList<SearchSettings> Configurations(SearchSettings search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var around = search with { Rerank = false };
        List<SearchSettings> configurations = search.Neighbors == 0
            ? [new(JinaSearchMode.Vector, 0), new(JinaSearchMode.Hybrid, 0)]
            : [new(JinaSearchMode.Vector, 0), new(JinaSearchMode.Hybrid, 0), around with { Mode = JinaSearchMode.Vector }, around with { Mode = JinaSearchMode.Hybrid }];
        if (search.Rerank)
        {
            configurations.Add(new(JinaSearchMode.Hybrid, 0, Rerank: true));
            if (search.Neighbors > 0)
            {
                configurations.Add(around with { Mode = JinaSearchMode.Hybrid, Rerank = true });
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
        var contexts = new Dictionary<SearchSettings, int[]>();
        foreach (var configuration in configurations)
        {
            var found = new int?[questions.Count];
            var context = new int[questions.Count];
            for (var i = 0; i < questions.Count; i++)
            {
                var question = questions[i];
                found[i] = await AnswerRankAsync(
                    top => engine.SearchPassagesAsync(question.Question, top, configuration, cancellationToken), question.DocumentId, question.ChunkIndex);
                var passages = await engine.SearchPassagesAsync(question.Question, ContextPassages, configuration, cancellationToken);
                context[i] = passages.Sum(p => engine.MeasureText(p.Text));
            }

            ranks[configuration] = found;
            contexts[configuration] = context;
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

                rows.Add(Row(configuration, language ?? "all", selected.Select(i => ranks[configuration][i]).ToList()) with
                {
                    ContextSize = selected.Average(i => contexts[configuration][i]),
                });
            }
        }

        return new EvaluationReport(questions, ranks, rows);
    }

    /// <summary>The fewest passages (up to <see cref="Depth"/>) whose search holds the chunk, or null when a search for <see cref="Depth"/> does not.</summary>
    /// <remarks>
    /// A search for more passages takes more hits, so what a search for k passages holds, a search for more holds too, and a chunk
    /// that is in the p-th passage of the deepest search is in no search for fewer than p: the searches from p on are tried in turn.
    /// </remarks>
    /// <param name="search">Searches for the given number of passages.</param>
    /// <param name="documentId">The answering chunk's document.</param>
    /// <param name="chunkIndex">The answering chunk's position in its document.</param>
    public static async Task<int?> AnswerRankAsync(Func<int, Task<IReadOnlyList<JinaPassage>>> search, string documentId, int chunkIndex)
    {
        ArgumentNullException.ThrowIfNull(search);
        var deepest = await search(Depth);
        var position = Position(deepest, documentId, chunkIndex);
        if (position is not int first)
        {
            return null;
        }

        for (var top = first; top < Depth; top++)
        {
            if (Position(await search(top), documentId, chunkIndex) is not null)
            {
                return top;
            }
        }

        return Depth;
    }

    /// <summary>The position (1 = first) of the passage that holds the chunk, or null when none does.</summary>
    public static int? Position(IReadOnlyList<JinaPassage> passages, string documentId, int chunkIndex)
    {
        for (var i = 0; i < passages.Count; i++)
        {
            if (passages[i].Contains(documentId, chunkIndex))
            {
                return i + 1;
            }
        }

        return null;
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
