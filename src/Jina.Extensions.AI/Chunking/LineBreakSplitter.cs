namespace Jina.Extensions.AI;

/// <summary>Cuts after every whitespace run that holds enough line breaks: one for lines, two (a blank line) for paragraphs.</summary>
internal sealed class LineBreakSplitter(string name, int minLineBreaks) : ChunkSplitter
{
    public override string ToString() => name;

    private protected override void AddCuts(string text, TokenCounter counter, List<int> cuts) =>
        TextBoundaries.AddLineBreakCuts(text, 0, text.Length, minLineBreaks, cuts);
}
