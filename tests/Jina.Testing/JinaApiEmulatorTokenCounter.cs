using System.Text;

namespace Jina.Testing;

/// <summary>The emulator's default token count: a deliberately generous estimate of an XLM-RoBERTa tokenizer.</summary>
/// <remarks>
/// Rules: every CJK ideograph, kana or hangul character is one token; each maximal run of other letters and digits is
/// ceil(length / 4) tokens (at least one); every other character that is not white space is one token. The emulator adds
/// <see cref="SpecialTokensPerSequence"/> special tokens per input, or once for a whole late-chunked request.
/// A client-side estimator that must stay under the API's limits must never count fewer tokens than this.
/// </remarks>
public static class JinaApiEmulatorTokenCounter
{
    /// <summary>The special tokens (start and end) added to every encoded sequence.</summary>
    public const int SpecialTokensPerSequence = 2;

    /// <summary>Counts the tokens of a text, without special tokens.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token count.</returns>
    public static int CountTextTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int tokens = 0;
        int run = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (IsCjk(rune.Value))
            {
                tokens += Flush(ref run) + 1;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                run++;
            }
            else
            {
                tokens += Flush(ref run);
                if (!Rune.IsWhiteSpace(rune))
                {
                    tokens++;
                }
            }
        }

        return tokens + Flush(ref run);
    }

    /// <summary>Returns a value indicating whether a code point is a CJK ideograph, kana or hangul.</summary>
    /// <param name="codePoint">The Unicode code point.</param>
    /// <returns><see langword="true"/> for CJK, kana and hangul.</returns>
    public static bool IsCjk(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF)
            or (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0xFF66 and <= 0xFF9F)
            or (>= 0xAC00 and <= 0xD7AF) or (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F);

    private static int Flush(ref int run)
    {
        int tokens = run == 0 ? 0 : (run + 3) / 4;
        run = 0;
        return tokens;
    }
}
