namespace Jina.Extensions.AI;

/// <summary>Cuts a text where the pieces a caller's function returns begin.</summary>
internal sealed class CustomSplitter(Func<string, IEnumerable<string>> split) : ChunkSplitter
{
    public override string ToString() => "Custom";

    private protected override void AddCuts(string text, TokenCounter counter, List<int> cuts)
    {
        int position = 0;
        int index = 0;
        foreach (string? piece in split(text) ?? [])
        {
            if (!string.IsNullOrWhiteSpace(piece))
            {
                int found = text.IndexOf(piece, position, StringComparison.Ordinal);
                if (found < 0)
                {
                    throw new InvalidOperationException(
                        $"The custom splitter returned a piece (index {index}) that does not occur in the text after the piece before it. " +
                        "A custom splitter must return substrings of the text, in order.");
                }

                cuts.Add(found);
                position = found + piece.Length;
            }

            index++;
        }
    }
}
