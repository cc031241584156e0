using System.Collections.Frozen;

namespace Jina.Extensions.AI;

/// <summary>Finds the places where a text may be cut, from the strongest boundary (a blank line) to the weakest (any character).</summary>
/// <remarks>
/// A cut is a character offset; the text before it is one chunk and the text from it on the next. Cuts are always
/// moved past whitespace, so the whitespace between two chunks belongs to the one before, and every chunk starts
/// with a visible character (only the first may start with the document's leading whitespace).
/// </remarks>
internal static class TextBoundaries
{
    private const int ParagraphLevel = 0;
    private const int LineLevel = 1;
    private const int SentenceLevel = 2;
    private const int ClauseLevel = 3;
    private const int WordLevel = 4;
    private const int CharacterLevel = 5;

    // The widest a token is assumed to be when a run with no other boundary is cut by token count.
    private const int MaxCharsPerToken = 32;

    // Words that end with a period but do not end a sentence. Words that often end one too (etc., Inc., Ltd.)
    // are left out: a lowercase word after them already keeps the sentence together.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_abbreviations = new[]
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "al", "no", "nos", "vol", "vols",
        "fig", "figs", "eq", "eqs", "approx", "dept", "gen", "gov", "sen", "rep", "rev", "col", "capt", "lt", "sgt",
        "cf", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pp", "ch", "sec", "ed",
        "eds", "op", "viz", "ca", "esp", "resp", "incl", "ref", "refs", "tel", "ave", "blvd", "rd", "univ",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Adds a cut after every whitespace run that holds at least <paramref name="minLineBreaks"/> line breaks (0: any run).</summary>
    public static void AddLineBreakCuts(string text, int start, int end, int minLineBreaks, List<int> cuts)
    {
        int i = start;
        while (i < end)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int runStart = i;
            int breaks = 0;
            while (i < end && char.IsWhiteSpace(text[i]))
            {
                breaks += LineBreakWeight(text, i);
                i++;
            }

            if (breaks >= minLineBreaks && runStart > start && i < end)
            {
                cuts.Add(i);
            }
        }
    }

    /// <summary>Adds a cut after every sentence end: <c>. ! ?</c> followed by a space, CJK <c>。！？</c>, and <c>…</c>.</summary>
    /// <remarks>Abbreviations, initials, decimals, enumerations and a lowercase word after the period do not end a sentence.</remarks>
    public static void AddSentenceCuts(string text, int start, int end, List<int> cuts)
    {
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (!IsTerminator(c))
            {
                continue;
            }

            int j = i + 1;
            while (j < end && (IsTerminator(text[j]) || IsCloser(text[j])))
            {
                j++;
            }

            if (!IsCjkTerminator(c) && !EndsLatinSentence(text, start, end, i, j))
            {
                i = j - 1;
                continue;
            }

            if (j < end)
            {
                cuts.Add(j);
            }

            i = j - 1;
        }
    }

    /// <summary>Adds a cut after clause punctuation: <c>, ; :</c> followed by a space, and CJK <c>，、；：</c>.</summary>
    public static void AddClauseCuts(string text, int start, int end, List<int> cuts)
    {
        for (int i = start; i < end - 1; i++)
        {
            char c = text[i];
            if (c is '，' or '、' or '；' or '：' || (c is ',' or ';' or ':' && char.IsWhiteSpace(text[i + 1])))
            {
                cuts.Add(i + 1);
            }
        }
    }

    /// <summary>Cuts <c>[start, end)</c> into pieces of at most <paramref name="maxTokens"/> tokens, each at the strongest boundary available.</summary>
    public static void SplitOversized(string text, int start, int end, int maxTokens, TokenCounter counter, List<int> cuts)
    {
        if (counter.Count(text.AsSpan(start, end - start)) > maxTokens)
        {
            SplitAtLevel(text, start, end, maxTokens, counter, cuts, ParagraphLevel);
        }
    }

    /// <summary>Turns cuts into spans that tile <paramref name="text"/>, each holding at least one visible character.</summary>
    public static List<Range> ToSpans(string text, List<int> cuts)
    {
        var spans = new List<Range>();
        if (text.AsSpan().IsWhiteSpace())
        {
            return spans;
        }

        cuts.Sort();
        int start = 0;
        foreach (int cut in cuts)
        {
            int k = cut;
            while (k < text.Length && char.IsWhiteSpace(text[k]))
            {
                k++;
            }

            if (k >= text.Length)
            {
                break;
            }

            if (k <= start || text.AsSpan(start, k - start).IsWhiteSpace())
            {
                continue;
            }

            spans.Add(new Range(start, k));
            start = k;
        }

        spans.Add(new Range(start, text.Length));
        return spans;
    }

    private static void SplitAtLevel(string text, int start, int end, int maxTokens, TokenCounter counter, List<int> cuts, int level)
    {
        if (level >= CharacterLevel)
        {
            SplitByTokens(text, start, end, maxTokens, counter, cuts);
            return;
        }

        var bounds = new List<int>();
        switch (level)
        {
            case ParagraphLevel:
                AddLineBreakCuts(text, start, end, 2, bounds);
                break;
            case LineLevel:
                AddLineBreakCuts(text, start, end, 1, bounds);
                break;
            case SentenceLevel:
                AddSentenceCuts(text, start, end, bounds);
                break;
            case ClauseLevel:
                AddClauseCuts(text, start, end, bounds);
                break;
            default:
                AddLineBreakCuts(text, start, end, 0, bounds);
                break;
        }

        bounds.RemoveAll(b => b <= start || b >= end);
        if (bounds.Count == 0)
        {
            SplitAtLevel(text, start, end, maxTokens, counter, cuts, level + 1);
            return;
        }

        bounds.Sort();

        // Greedy: pieces between boundaries are packed together while they fit; a piece too large alone goes a level down.
        int pieceStart = start;
        int pieceTokens = 0;
        int a = start;
        for (int bi = 0; bi <= bounds.Count; bi++)
        {
            int b = bi < bounds.Count ? bounds[bi] : end;
            if (b <= a)
            {
                continue;
            }

            int tokens = counter.Count(text.AsSpan(a, b - a));
            if (tokens > maxTokens)
            {
                if (a > pieceStart)
                {
                    cuts.Add(a);
                }

                SplitAtLevel(text, a, b, maxTokens, counter, cuts, level + 1);
                if (b < end)
                {
                    cuts.Add(b);
                }

                pieceStart = b;
                pieceTokens = 0;
            }
            else if (pieceTokens + tokens > maxTokens)
            {
                cuts.Add(a);
                pieceStart = a;
                pieceTokens = tokens;
            }
            else
            {
                pieceTokens += tokens;
            }

            a = b;
        }
    }

    private static void SplitByTokens(string text, int start, int end, int maxTokens, TokenCounter counter, List<int> cuts)
    {
        int pos = start;
        while (pos < end)
        {
            int limit = (int)Math.Min(end, pos + ((long)maxTokens * MaxCharsPerToken));
            if (limit == end && counter.Count(text.AsSpan(pos, end - pos)) <= maxTokens)
            {
                return;
            }

            // The longest prefix that fits; at least one character so that every step moves on.
            int best = pos + 1;
            int lo = pos + 1;
            int hi = limit;
            while (lo <= hi)
            {
                int mid = lo + ((hi - lo) / 2);
                if (counter.Count(text.AsSpan(pos, mid - pos)) <= maxTokens)
                {
                    best = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            // Never cut a surrogate pair in two.
            if (best < end && char.IsLowSurrogate(text[best]) && char.IsHighSurrogate(text[best - 1]))
            {
                best = best - 1 > pos ? best - 1 : best + 1;
            }

            if (best >= end)
            {
                return;
            }

            cuts.Add(best);
            pos = best;
        }
    }

    private static int LineBreakWeight(string text, int i) => text[i] switch
    {
        '\n' or '\u2028' or '\u0085' or '\v' => 1,
        '\r' => i + 1 < text.Length && text[i + 1] == '\n' ? 0 : 1,
        '\u2029' or '\f' => 2,
        _ => 0,
    };

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' || IsCjkTerminator(c);

    private static bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '｡' or '．';

    private static bool IsCloser(char c) =>
        c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '»' or '」' or '』' or '）' or '】' or '〉' or '》' or '〕';

    private static bool IsCjk(char c) => c >= '\u2E80' && !char.IsWhiteSpace(c);

    private static bool EndsLatinSentence(string text, int start, int end, int terminator, int clusterEnd)
    {
        // "3.14", "example.com", "e.g.x": a Latin terminator ends a sentence only before whitespace (or CJK, or the end).
        if (clusterEnd < end && !char.IsWhiteSpace(text[clusterEnd]) && !IsCjk(text[clusterEnd]))
        {
            return false;
        }

        if (text[terminator] == '.' && clusterEnd == terminator + 1 && IsAbbreviationOrNumber(text, start, terminator))
        {
            return false;
        }

        // "e.g. the", "Wait... what": the sentence goes on when a lowercase word follows.
        int k = clusterEnd;
        while (k < end && char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        return k >= end || !char.IsLower(text[k]);
    }

    private static bool IsAbbreviationOrNumber(string text, int start, int dot)
    {
        int w = dot;
        while (w > start && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        ReadOnlySpan<char> word = text.AsSpan(w, dot - w);
        if (word.IsEmpty)
        {
            // "1. First item": a short number opening a line is an enumeration, not a sentence.
            int d = dot;
            while (d > start && char.IsAsciiDigit(text[d - 1]))
            {
                d--;
            }

            return dot - d is > 0 and <= 3 && (d == start || text[d - 1] is '\n' or '\r');
        }

        if (w > start && char.IsAsciiDigit(text[w - 1]))
        {
            return false;
        }

        // Initials ("J. R. R. Tolkien") and dotted forms ("e.g.", "U.S.", "a.m.").
        return word.Length == 1 || word.Contains('.') || s_abbreviations.Contains(word);
    }
}
