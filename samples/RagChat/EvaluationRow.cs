namespace RagChat;

/// <summary>The metrics of one search configuration on the questions of one language (or all).</summary>
internal sealed record EvaluationRow(
    SearchSettings Configuration,
    string Language,
    int Questions,
    double RecallAt1,
    double RecallAt3,
    double RecallAt10,
    double MeanReciprocalRank,
    double NdcgAt10);
