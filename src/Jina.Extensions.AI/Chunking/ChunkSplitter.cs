using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI;

/// <summary>Represents a way of cutting a document into the chunks that <see cref="LateChunker"/> embeds.</summary>
/// <remarks>
/// The spans a splitter returns tile the text: they are in order, the first starts at 0, each starts where the one
/// before ends and the last ends at the end of the text, so nothing is lost or duplicated. The whitespace between two
/// chunks belongs to the chunk before it, and every span holds at least one visible character. A text that is empty
/// or only whitespace has no chunks.
/// </remarks>
public abstract class ChunkSplitter
{
    private protected ChunkSplitter()
    {
    }

    /// <summary>Gets a splitter that makes one chunk per non-empty line, as a chat transcript has one message per line.</summary>
    /// <remarks>Blank lines stay with the line before them; <c>\n</c>, <c>\r\n</c> and <c>\r</c> all end a line.</remarks>
    public static ChunkSplitter Lines { get; } = new LineBreakSplitter("Lines", minLineBreaks: 1);

    /// <summary>Gets a splitter that makes one chunk per sentence.</summary>
    /// <remarks>
    /// A sentence ends at <c>.</c>, <c>!</c> or <c>?</c> followed by whitespace, at the CJK <c>。</c>, <c>！</c>, <c>？</c>,
    /// at <c>…</c>, and at a line break. Common abbreviations (<c>Dr.</c>, <c>e.g.</c>, <c>U.S.</c>), initials, decimals
    /// (<c>3.14</c>), enumerations (<c>1.</c> at a line start) and a period followed by a lowercase word do not end one.
    /// </remarks>
    public static ChunkSplitter Sentences { get; } = new SentenceSplitter();

    /// <summary>Gets a splitter that makes one chunk per paragraph, paragraphs being separated by blank lines.</summary>
    public static ChunkSplitter Paragraphs { get; } = new LineBreakSplitter("Paragraphs", minLineBreaks: 2);

    /// <summary>Returns a splitter that makes chunks of at most <paramref name="maxTokens"/> tokens, each cut at the strongest boundary available.</summary>
    /// <param name="maxTokens">The most tokens a chunk may have.</param>
    /// <returns>The splitter.</returns>
    /// <remarks>Boundaries are tried from blank lines, line breaks, sentence ends and clause punctuation to spaces; a run with none of them is cut by token count.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is less than 1.</exception>
    public static ChunkSplitter TokenWindows(int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        return new TokenWindowSplitter(maxTokens);
    }

    /// <summary>Returns a splitter that uses the pieces <paramref name="split"/> returns, located in the text in order.</summary>
    /// <param name="split">Returns the chunks of a text, in order, each a substring of it; empty or whitespace pieces are ignored.</param>
    /// <returns>The splitter.</returns>
    /// <remarks>Text the function leaves out between two pieces (separators, whitespace) is attached to the piece before it, so the spans still tile the text.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="split"/> is <see langword="null"/>.</exception>
    public static ChunkSplitter Custom(Func<string, IEnumerable<string>> split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new CustomSplitter(split);
    }

    /// <summary>Splits <paramref name="text"/> into spans that tile it.</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="tokenizer">The tokenizer that counts tokens for <see cref="TokenWindows(int)"/>; when <see langword="null"/>, a conservative estimate is used.</param>
    /// <returns>The chunks' spans, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<Range> Split(string text, Tokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Split(text, TokenCounter.For(tokenizer));
    }

    internal List<Range> Split(string text, TokenCounter counter)
    {
        var cuts = new List<int>();
        if (!text.AsSpan().IsWhiteSpace())
        {
            AddCuts(text, counter, cuts);
        }

        return TextBoundaries.ToSpans(text, cuts);
    }

    /// <summary>Adds the offsets at which <paramref name="text"/> is cut; they need not be sorted or past whitespace.</summary>
    private protected abstract void AddCuts(string text, TokenCounter counter, List<int> cuts);
}
