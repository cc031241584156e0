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
    double NdcgAt10)
{
    /// <summary>Gets the size of the answer context: the top three passages, on average over the questions, in the model's tokens (or characters, <see cref="RagChatEngine.CountsTokens"/>).</summary>
    public double ContextSize { get; init; }
}
