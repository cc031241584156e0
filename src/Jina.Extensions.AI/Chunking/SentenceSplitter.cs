namespace Jina.Extensions.AI;

/// <summary>Cuts after every sentence end and every line break.</summary>
internal sealed class SentenceSplitter : ChunkSplitter
{
    public override string ToString() => "Sentences";

    private protected override void AddCuts(string text, TokenCounter counter, List<int> cuts)
    {
        TextBoundaries.AddLineBreakCuts(text, 0, text.Length, 1, cuts);
        TextBoundaries.AddSentenceCuts(text, 0, text.Length, cuts);
    }
}
