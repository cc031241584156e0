using System.Text;
using Jina.Testing;
using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI.Tests;

public class TokenCounterTests(LocalEngineFixture local) : IClassFixture<LocalEngineFixture>
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
        string[] parts = ["Hello", "internationalization", " ", "\n", "你好", "。", "3.14159", "😀", "한국어", "カタカナ", "ß", "Ωμέγα", "—", "x", "Привет", "𠀀𠀁", "ㄱㄴ", "ｶﾀｶﾅ", "𝐀𝐁𝐂", "é", "١٢٣"];
        for (int round = 0; round < 500; round++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 40);
            for (int i = 0; i < count; i++)
            {
                text.Append(parts[random.Next(parts.Length)]);
            }

            string s = text.ToString();
            Assert.True(TokenCounter.Estimate.Count(s) >= JinaApiEmulatorTokenCounter.CountTextTokens(s), s);
        }
    }

    [Fact]
    public void Estimate_SeedTexts_NotBelowARealSubwordTokenizer()
    {
        SeedExamples seed = SeedExamples.Default;
        string[] texts =
        [
            .. seed.KnowledgeBase.En, .. seed.KnowledgeBase.Zh, .. seed.ChatHistory.En, .. seed.ChatHistory.Zh,
            .. seed.LateChunkingAnaphora.Document, .. seed.Classification.En, .. seed.Classification.Zh, .. seed.Multilingual.Input,
        ];
        TokenCounter wordPiece = TokenCounter.For(local.Engine.Tokenizer);

        Assert.All(texts, t => Assert.True(TokenCounter.Estimate.Count(t) >= wordPiece.Count(t), $"{TokenCounter.Estimate.Count(t)} < {wordPiece.Count(t)}: {t}"));
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
    public async Task CountInput_EnginesTokenizer_MatchesTheUsageTheEngineReports()
    {
        string text = "Berlin is the capital of Germany, and the city has a population of about 3.8 million.";

        var result = await local.Engine.GenerateAsync([text]);

        // The engine's tokenizer encodes no [CLS] and [SEP]; the engine adds them, and so does the count.
        Assert.Equal(result.Usage!.InputTokenCount, TokenCounter.For(local.Engine.Tokenizer).CountInput(text));
    }

    [Fact]
    public void CountInput_Estimate_AddsTheSpecialTokens()
    {
        // "Berlin" 2, "is" 1, "the" 1, "capital" 3, "." 1, and <s> </s>.
        Assert.Equal(10, TokenCounter.Estimate.CountInput("Berlin is the capital."));
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
}
