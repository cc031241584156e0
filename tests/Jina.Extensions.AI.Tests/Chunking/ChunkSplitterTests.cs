using System.Text;

namespace Jina.Extensions.AI.Tests;

public class ChunkSplitterTests
{
    public static TheoryData<string> Splitters => new() { "Lines", "Sentences", "Paragraphs", "TokenWindows", "Custom" };

    [Fact]
    public void Sentences_CjkPunctuation_EndsSentenceAfterEachTerminator()
    {
        string[] chunks = Texts(ChunkSplitter.Sentences, "你好。我很好！你呢？他说：“走吧。”好的……走吧");

        Assert.Equal(["你好。", "我很好！", "你呢？", "他说：“走吧。”", "好的……", "走吧"], chunks);
    }

    [Fact]
    public void Sentences_Abbreviations_DoNotEndSentence()
    {
        string[] chunks = Texts(
            ChunkSplitter.Sentences,
            "Dr. Smith met Prof. J. R. R. Tolkien in the U.S. at 5 p.m. on Monday. They talked, e.g. about Mt. Doom, etc. Then they left.");

        Assert.Equal(
            [
                "Dr. Smith met Prof. J. R. R. Tolkien in the U.S. at 5 p.m. on Monday. ",
                "They talked, e.g. about Mt. Doom, etc. ",
                "Then they left.",
            ],
            chunks);
    }

    [Fact]
    public void Sentences_Decimals_DoNotEndSentence()
    {
        string[] chunks = Texts(ChunkSplitter.Sentences, "Pi is about 3.14159 and e is 2.718. Version 1.2.3 shipped on example.com today! Did it?");

        Assert.Equal(["Pi is about 3.14159 and e is 2.718. ", "Version 1.2.3 shipped on example.com today! ", "Did it?"], chunks);
    }

    [Fact]
    public void Sentences_ClosingQuoteAfterTerminator_StaysWithSentence()
    {
        string[] chunks = Texts(ChunkSplitter.Sentences, "He said \"Go now.\" Then he left (quickly.) Done.");

        Assert.Equal(["He said \"Go now.\" ", "Then he left (quickly.) ", "Done."], chunks);
    }

    [Fact]
    public void Sentences_EnumeratedList_KeepsNumberWithItem()
    {
        string[] chunks = Texts(ChunkSplitter.Sentences, "Steps:\n1. Charge it.\n2. Turn it on.");

        Assert.Equal(["Steps:\n", "1. Charge it.\n", "2. Turn it on."], chunks);
    }

    [Fact]
    public void Sentences_WindowsLineEndings_EndSentenceAtLineBreak()
    {
        string[] chunks = Texts(ChunkSplitter.Sentences, "First line without stop\r\nSecond line\r\n\r\nThird. Fourth");

        Assert.Equal(["First line without stop\r\n", "Second line\r\n\r\n", "Third. ", "Fourth"], chunks);
    }

    [Fact]
    public void Sentences_TextWithoutPunctuation_IsOneChunk()
    {
        const string Text = "a text without any punctuation at all just words one after another";

        IReadOnlyList<Range> spans = ChunkSplitter.Sentences.Split(Text);

        Assert.Equal([new Range(0, Text.Length)], spans);
    }

    [Fact]
    public void Sentences_LeadingWhitespace_BelongsToFirstChunk()
    {
        string[] chunks = Texts(ChunkSplitter.Sentences, "  \n  One. Two.  \n ");

        Assert.Equal(["  \n  One. ", "Two.  \n "], chunks);
    }

    [Fact]
    public void Paragraphs_BlankLines_SplitAtBlankLinesOnly()
    {
        string[] chunks = Texts(ChunkSplitter.Paragraphs, "P1 line one.\nP1 line two.\n\nP2 only.\r\n   \r\nP3. Still P3.\n");

        Assert.Equal(["P1 line one.\nP1 line two.\n\n", "P2 only.\r\n   \r\n", "P3. Still P3.\n"], chunks);
    }

    [Fact]
    public void Lines_ChatTranscript_OneChunkPerNonEmptyLine()
    {
        string[] chunks = Texts(ChunkSplitter.Lines, "\nA: Hi. How are you?\r\n\r\nB: Fine!\rA: Good.\n\n");

        Assert.Equal(["\nA: Hi. How are you?\r\n\r\n", "B: Fine!\r", "A: Good.\n\n"], chunks);
    }

    [Fact]
    public void TokenWindows_LongText_EveryChunkWithinLimit()
    {
        string text = LongEnglishText(3000);

        IReadOnlyList<Range> spans = ChunkSplitter.TokenWindows(100).Split(text);

        Assert.True(spans.Count > 10);
        Assert.All(spans, s => Assert.InRange(TokenCounter.Estimate.Count(text.AsSpan()[s]), 1, 100));
        AssertTiles(text, spans);
    }

    [Fact]
    public void TokenWindows_PrefersSentenceEnds()
    {
        string text = LongEnglishText(400);

        IReadOnlyList<Range> spans = ChunkSplitter.TokenWindows(60).Split(text);

        // Every chunk but the last ends with a whole sentence.
        Assert.All(spans.Take(spans.Count - 1), s => Assert.EndsWith(".", text[s].TrimEnd(), StringComparison.Ordinal));
    }

    [Fact]
    public void TokenWindows_TextWithoutAnyBoundary_CutsByTokens()
    {
        string text = string.Concat(Enumerable.Repeat("光剑太暗了😀", 300));

        IReadOnlyList<Range> spans = ChunkSplitter.TokenWindows(50).Split(text);

        Assert.True(spans.Count >= 36);
        Assert.All(spans, s => Assert.InRange(TokenCounter.Estimate.Count(text.AsSpan()[s]), 1, 50));
        Assert.All(spans, s => Assert.False(char.IsLowSurrogate(text[s.Start])));
        AssertTiles(text, spans);
    }

    [Fact]
    public void TokenWindows_LessThanOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkSplitter.TokenWindows(0));
    }

    [Fact]
    public void Custom_PiecesInOrder_TileTheText()
    {
        var splitter = ChunkSplitter.Custom(t => t.Split("||"));

        string[] chunks = Texts(splitter, "alpha||beta|| ||gamma");

        Assert.Equal(["alpha||", "beta|| ||", "gamma"], chunks);
    }

    [Fact]
    public void Custom_PieceNotInText_ThrowsNamingIt()
    {
        var splitter = ChunkSplitter.Custom(_ => ["alpha", "zeta"]);

        var ex = Assert.Throws<InvalidOperationException>(() => splitter.Split("alpha beta"));
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_NullFunction_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ChunkSplitter.Custom(null!));
    }

    [Theory]
    [MemberData(nameof(Splitters))]
    public void Split_WhitespaceOnly_ReturnsNoChunks(string name)
    {
        Assert.Empty(Create(name).Split(" \r\n\t  \n"));
        Assert.Empty(Create(name).Split(string.Empty));
    }

    [Theory]
    [MemberData(nameof(Splitters))]
    public void Split_Null_Throws(string name)
    {
        Assert.Throws<ArgumentNullException>(() => Create(name).Split(null!));
    }

    [Theory]
    [MemberData(nameof(Splitters))]
    public void Split_MixedText_SpansTileTextAndEachHasVisibleText(string name)
    {
        var random = new Random(7);
        for (int round = 0; round < 20; round++)
        {
            string text = RandomText(random, 400);

            IReadOnlyList<Range> spans = Create(name).Split(text);

            AssertTiles(text, spans);
        }
    }

    internal static void AssertTiles(string text, IReadOnlyList<Range> spans)
    {
        int expectedStart = 0;
        foreach (Range span in spans)
        {
            (int start, int length) = span.GetOffsetAndLength(text.Length);
            Assert.Equal(expectedStart, start);
            Assert.True(length > 0);
            Assert.False(text.AsSpan(start, length).IsWhiteSpace(), $"chunk at {start} is only whitespace");
            expectedStart = start + length;
        }

        Assert.Equal(text.AsSpan().IsWhiteSpace() ? 0 : text.Length, expectedStart);
    }

    internal static string LongEnglishText(int sentences)
    {
        var random = new Random(42);
        string[] words = ["the", "lightsaber", "blade", "flickers", "because", "battery", "crystal", "is", "unstable", "charge", "Berlin", "city", "population", "of", "and", "recalibration"];
        var text = new StringBuilder();
        for (int s = 0; s < sentences; s++)
        {
            int count = random.Next(6, 18);
            text.Append(char.ToUpperInvariant(words[random.Next(words.Length)][0])).Append(words[random.Next(words.Length)].AsSpan(1));
            for (int w = 1; w < count; w++)
            {
                text.Append(' ').Append(words[random.Next(words.Length)]);
            }

            text.Append(". ");
            if (random.Next(8) == 0)
            {
                text.Append("\n\n");
            }
        }

        return text.ToString();
    }

    private static string RandomText(Random random, int pieces)
    {
        string[] parts = ["Hello", "world", ".", " ", "  ", "\n", "\r\n", "\n\n", "你好", "。", "！", "？", "3.14", "Dr.", "e.g.", "…", ",", "；", "\t", "😀", "U.S.", "\"", "abc"];
        var text = new StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            text.Append(parts[random.Next(parts.Length)]);
        }

        return text.ToString();
    }

    private static ChunkSplitter Create(string name) => name switch
    {
        "Lines" => ChunkSplitter.Lines,
        "Sentences" => ChunkSplitter.Sentences,
        "Paragraphs" => ChunkSplitter.Paragraphs,
        "TokenWindows" => ChunkSplitter.TokenWindows(7),
        _ => ChunkSplitter.Custom(t => t.Split(['.', '。'])),
    };

    private static string[] Texts(ChunkSplitter splitter, string text)
    {
        IReadOnlyList<Range> spans = splitter.Split(text);
        AssertTiles(text, spans);
        return [.. spans.Select(s => text[s])];
    }
}
