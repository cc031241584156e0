using System.Globalization;
using System.Text;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Splits text into the terms the full-text index stores and keyword queries look up, one term at a time, without allocating.</summary>
/// <remarks>
/// <para>
/// The analysis is language-neutral, with no stemming and no stop words (BM25's inverse document frequency already weighs common
/// words down): text is lower-cased (invariant culture) and full-width ASCII is read as ASCII; a run of letters, digits and combining
/// marks is a word, cut at anything else (spaces, punctuation, symbols), so accented and non-Latin words (Cyrillic, Greek, Arabic,
/// Devanagari...) stay whole.
/// </para>
/// <para>
/// Han, Hiragana, Katakana and Hangul are written without spaces between words, so a run of them gives every character (a unigram)
/// and every pair of adjacent characters (a bigram) as terms — the unigram-plus-bigram indexing long used for Chinese, Japanese and
/// Korean retrieval when no dictionary is at hand: bigrams carry most words' meaning ("光剑" in "我的光剑"), unigrams let a query
/// word find a compound that contains it ("暗" in "变暗" and "暗淡"). Words longer than <see cref="MaxTermLength"/> characters are
/// cut to that length, the same way when indexing and when querying.
/// </para>
/// </remarks>
internal ref struct TermReader
{
    /// <summary>The longest term kept, in UTF-16 code units; longer words are cut.</summary>
    public const int MaxTermLength = 64;

    private readonly ReadOnlySpan<char> _text;
    private readonly Span<char> _buffer;
    private int _position;

    // The run of CJK characters being read: where it ends, the character the next term starts at, and whether that character's
    // unigram has been given (then the bigram with the character after it comes next).
    private int _cjkEnd;
    private int _cjkCursor;
    private bool _cjkUnigramDone;

    /// <summary>Initializes a new instance of the <see cref="TermReader"/> struct.</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="buffer">Room for one case-folded word, at least <see cref="MaxTermLength"/> characters long.</param>
    public TermReader(ReadOnlySpan<char> text, Span<char> buffer)
    {
        _text = text;
        _buffer = buffer[..MaxTermLength];
        _cjkEnd = -1;
    }

    /// <summary>Gets the current term; valid until the next call to <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>Moves to the next term.</summary>
    /// <returns><see langword="true"/> when there is one.</returns>
    public bool MoveNext()
    {
        if (_cjkEnd >= 0 && NextCjkTerm())
        {
            return true;
        }

        while (_position < _text.Length)
        {
            var rune = Read(_position, out var length);
            if (IsCjk(rune))
            {
                _cjkCursor = _position;
                _cjkUnigramDone = false;
                _cjkEnd = _position + length;
                while (_cjkEnd < _text.Length && IsCjk(Read(_cjkEnd, out var next)))
                {
                    _cjkEnd += next;
                }

                _position = _cjkEnd;
                if (NextCjkTerm())
                {
                    return true;
                }

                continue;
            }

            if (IsWordPart(rune))
            {
                var written = 0;
                while (true)
                {
                    var lower = Rune.ToLowerInvariant(rune);
                    if (written + lower.Utf16SequenceLength <= _buffer.Length)
                    {
                        written += lower.EncodeToUtf16(_buffer[written..]);
                    }

                    _position += length;
                    if (_position >= _text.Length)
                    {
                        break;
                    }

                    rune = Read(_position, out length);
                    if (!IsWordPart(rune) || IsCjk(rune))
                    {
                        break;
                    }
                }

                Current = _buffer[..written];
                return true;
            }

            _position += length;
        }

        Current = default;
        return false;
    }

    /// <summary>Returns whether a character belongs to a script written without spaces, read as unigrams and bigrams.</summary>
    internal static bool IsCjk(Rune rune)
    {
        var v = rune.Value;
        return v switch
        {
            >= 0x1100 and <= 0x11FF => true,   // Hangul Jamo
            >= 0x2E80 and <= 0x2FDF => true,   // CJK and Kangxi radicals
            >= 0x3005 and <= 0x3007 => true,   // 々 〆 〇
            >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana (with ー)
            >= 0x3100 and <= 0x318F => true,   // Bopomofo, Hangul compatibility Jamo
            >= 0x31A0 and <= 0x31FF => true,   // Bopomofo extended, CJK strokes, Katakana phonetic extensions
            >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
            >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
            >= 0xA960 and <= 0xA97F => true,   // Hangul Jamo extended A
            >= 0xAC00 and <= 0xD7FF => true,   // Hangul syllables, Jamo extended B
            >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
            >= 0xFF66 and <= 0xFFDC => true,   // half-width Katakana and Hangul
            >= 0x20000 and <= 0x323AF => true, // CJK extensions B to H, compatibility supplement
            _ => false,
        };
    }

    private static bool IsWordPart(Rune rune)
        => Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private readonly Rune Read(int position, out int length)
    {
        _ = Rune.DecodeFromUtf16(_text[position..], out var rune, out length);

        // Full-width ASCII (ＬＥＤ, ３, ！) is the ASCII character set wide for CJK typography: read it as ASCII.
        return rune.Value is >= 0xFF01 and <= 0xFF5E ? new Rune(rune.Value - 0xFEE0) : rune;
    }

    private bool NextCjkTerm()
    {
        while (_cjkCursor < _cjkEnd)
        {
            _ = Read(_cjkCursor, out var first);
            if (!_cjkUnigramDone)
            {
                _cjkUnigramDone = true;
                Current = _text.Slice(_cjkCursor, first);
                return true;
            }

            _cjkUnigramDone = false;
            var start = _cjkCursor;
            _cjkCursor += first;
            if (_cjkCursor < _cjkEnd)
            {
                _ = Read(_cjkCursor, out var second);
                Current = _text.Slice(start, first + second);
                return true;
            }
        }

        _cjkEnd = -1;
        return false;
    }
}
