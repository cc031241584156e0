using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI;

/// <summary>Counts the tokens of a piece of text, without the model's special tokens.</summary>
internal abstract class TokenCounter
{
    /// <summary>Gets the conservative estimator used when no tokenizer is known (the remote API).</summary>
    public static TokenCounter Estimate { get; } = new EstimatingTokenCounter();

    /// <summary>Gets the tokens the model adds to every sequence (its special tokens).</summary>
    public abstract int SpecialTokens { get; }

    /// <summary>Returns a counter for <paramref name="tokenizer"/>, or the estimator when it is <see langword="null"/>.</summary>
    public static TokenCounter For(Tokenizer? tokenizer) =>
        tokenizer is null ? Estimate : new TokenizerTokenCounter(tokenizer);

    /// <summary>Counts the tokens of <paramref name="text"/>, special tokens excluded.</summary>
    public abstract int Count(ReadOnlySpan<char> text);

    /// <summary>Counts the tokens the model reads for <paramref name="text"/> as one input: its own and the special tokens around it, as usage counts them.</summary>
    public int CountInput(ReadOnlySpan<char> text) => Count(text) + SpecialTokens;

    /// <summary>
    /// Estimates tokens so that no real count of jina-embeddings-v3 (XLM-RoBERTa SentencePiece) is likely to be higher:
    /// every CJK, kana or hangul character and every UTF-16 unit of a surrogate pair counts 1, every other non-space
    /// symbol 1, and a run of other letters and digits one token per three characters (real subwords average about four).
    /// </summary>
    private sealed class EstimatingTokenCounter : TokenCounter
    {
        // [CLS]/<s> and [SEP]/</s>.
        public override int SpecialTokens => 2;

        public override int Count(ReadOnlySpan<char> text)
        {
            int count = 0;
            int run = 0;
            foreach (char c in text)
            {
                if (IsRunChar(c))
                {
                    run++;
                    continue;
                }

                if (run > 0)
                {
                    count += (run + 2) / 3;
                    run = 0;
                }

                if (!char.IsWhiteSpace(c))
                {
                    count++;
                }
            }

            if (run > 0)
            {
                count += (run + 2) / 3;
            }

            return count;
        }

        // Ideographs, kana, hangul (from U+2E80 up, plus the hangul jamo block) and surrogates cost a token each.
        private static bool IsRunChar(char c) =>
            c < '\u2E80' && !(c >= '\u1100' && c <= '\u11FF') && char.IsLetterOrDigit(c);
    }

    private sealed class TokenizerTokenCounter : TokenCounter
    {
        private readonly Tokenizer _tokenizer;
        private readonly int _specialTokens;

        public TokenizerTokenCounter(Tokenizer tokenizer)
        {
            _tokenizer = tokenizer;

            // Tokenizers that add [CLS]/[SEP] (or <s>/</s>) count them for any text; an empty text shows how many.
            int empty;
            try
            {
                empty = tokenizer.CountTokens(string.Empty);
            }
            catch (ArgumentException)
            {
                empty = 0;
            }

            _specialTokens = Math.Max(0, empty);
        }

        public override int SpecialTokens => Math.Max(2, _specialTokens);

        public override int Count(ReadOnlySpan<char> text) =>
            text.IsEmpty ? 0 : Math.Max(0, _tokenizer.CountTokens(text) - _specialTokens);
    }
}
