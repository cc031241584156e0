namespace Jina.Extensions.AI;

/// <summary>Cuts a text into pieces of at most a number of tokens, each at the strongest boundary available.</summary>
internal sealed class TokenWindowSplitter(int maxTokens) : ChunkSplitter
{
    public override string ToString() => $"TokenWindows({maxTokens})";

    private protected override void AddCuts(string text, TokenCounter counter, List<int> cuts) =>
        TextBoundaries.SplitOversized(text, 0, text.Length, maxTokens, counter, cuts);
}
