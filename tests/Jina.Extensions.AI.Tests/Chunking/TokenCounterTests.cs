using System.Text;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI.Tests;

public class TokenCounterTests
{
    [Fact]
    public void Estimate_Cjk_CountsEveryCharacter()
    {
        Assert.Equal(5, TokenCounter.Estimate.Count("光剑太暗了"));
        Assert.Equal(7, TokenCounter.Estimate.Count("フォース한국어"));
        Assert.Equal(3, TokenCounter.Estimate.Count("ᄀᄁᄂ"));
    }

    [Fact]
    public void Estimate_LatinWords_CountsOnePerThreeCharactersAndEachSymbol()
    {
        // "Berlin" 2, "is" 1, "the" 1, "capital" 3, "." 1; whitespace is free.
        Assert.Equal(8, TokenCounter.Estimate.Count("Berlin  is the\ncapital."));
    }

    [Fact]
    public void Estimate_MixedText_NeverBelowTheEmulatorsCount()
    {
        var random = new Random(3);
        string[] parts = ["Hello", "internationalization", " ", "\n", "你好", "。", "3.14159", "😀", "한국어", "カタカナ", "ß", "Ωμέγα", "—", "x", "Привет"];
        for (int round = 0; round < 500; round++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 40);
            for (int i = 0; i < count; i++)
            {
                text.Append(parts[random.Next(parts.Length)]);
            }

            string s = text.ToString();
            Assert.True(TokenCounter.Estimate.Count(s) >= EmulatorRule(s), s);
        }
    }

    [Fact]
    public void For_Tokenizer_CountsWithoutSpecialTokens()
    {
        Tokenizer tokenizer = TinyBertTokenizer();
        TokenCounter counter = TokenCounter.For(tokenizer);

        Assert.Equal(3, counter.Count("hello worlds")); // hello world ##s
        Assert.Equal(4, counter.Count("Berlin is it."));
        Assert.Equal(2, counter.SpecialTokens);
        Assert.Equal(0, counter.Count(string.Empty));
    }

    [Fact]
    public void For_Null_IsTheEstimate()
    {
        Assert.Same(TokenCounter.Estimate, TokenCounter.For(null));
    }

    internal static Tokenizer TinyBertTokenizer()
    {
        string vocab = string.Join('\n', "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", ".", "berlin", "city", "it", "is") + "\n";
        return BertTokenizer.Create(new MemoryStream(Encoding.UTF8.GetBytes(vocab)));
    }

    // The emulator's documented count, less its per-request special tokens: every CJK, kana or hangul character 1,
    // each maximal run of other letters and digits ceil(length / 4), every other non-space character 1.
    private static int EmulatorRule(string text)
    {
        int count = 0;
        int run = 0;
        foreach (char c in text)
        {
            bool cjk = c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF';
            if (!cjk && char.IsLetterOrDigit(c))
            {
                run++;
                continue;
            }

            count += (run + 3) / 4;
            run = 0;
            if (!char.IsWhiteSpace(c))
            {
                count++;
            }
        }

        return count + ((run + 3) / 4);
    }
}
