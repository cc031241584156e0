namespace RagChat;

/// <summary>What an evaluation measured: every question's answer rank under every configuration, and the metrics.</summary>
internal sealed record EvaluationReport(
    IReadOnlyList<EvaluationQuestion> Questions,
    IReadOnlyDictionary<SearchSettings, int?[]> Ranks,
    IReadOnlyList<EvaluationRow> Rows);
