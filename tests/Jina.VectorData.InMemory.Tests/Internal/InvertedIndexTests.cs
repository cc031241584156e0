using Jina.VectorData.InMemory.Internal;

namespace Jina.VectorData.InMemory.Tests.Internal;

public sealed class InvertedIndexTests
{
    // N = 3 rows; lengths 6, 3, 3 terms; avgdl = 12 / 3 = 4.
    private static readonly string[] Corpus = ["The cat sat on the mat", "The dog sat", "Cats and dogs"];

    [Fact]
    public void Search_TinyCorpus_MatchesHandComputedBm25()
    {
        var index = Build(Corpus);

        var results = index.Search(["cat sat"], accept: null, k: 10, CancellationToken.None);

        // idf(cat) = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(8/3)  = 0.980829253011726
        // idf(sat) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)  = 0.470003629245736
        // row 0 (6 terms): each tf = 1: 2.2 / (1 + 1.2 · (0.25 + 0.75 · 6/4)) = 2.2 / 2.65   = 0.830188679245283
        //   score = (0.980829253011726 + 0.470003629245736) · 0.830188679245283 = 1.204465034326950
        // row 1 (3 terms): sat, tf = 1: 2.2 / (1 + 1.2 · (0.25 + 0.75 · 3/4)) = 2.2 / 1.975 = 1.113924050632911
        //   score = 0.470003629245736 · 1.113924050632911 = 0.523548346501579
        // row 2: "cats" is not "cat" (no stemming): no match.
        Assert.Equal([0, 1], results.Select(r => r.Row));
        Assert.Equal(1.204465034326950, results[0].Score, 12);
        Assert.Equal(0.523548346501579, results[1].Score, 12);
    }

    [Fact]
    public void Search_TermTwiceInARow_SaturatesByK1()
    {
        var index = Build(Corpus);

        var results = index.Search(["THE"], accept: null, k: 10, CancellationToken.None);

        // row 0 holds "the" twice: 2 · 2.2 / (2 + 1.65) = 1.205479452054795, times idf(the) = ln(1.6): 0.566579717446914
        // row 1 holds it once: 0.523548346501579 (as "sat" above). Twice the frequency is not twice the weight.
        Assert.Equal([0, 1], results.Select(r => r.Row));
        Assert.Equal(0.566579717446914, results[0].Score, 12);
        Assert.Equal(0.523548346501579, results[1].Score, 12);
        Assert.Equal(2, index.TermFrequency(0, "the"));
    }

    [Fact]
    public void Search_RepeatedKeyword_CountsOnce()
    {
        var index = Build(Corpus);

        var once = index.Search(["cat"], null, 10, CancellationToken.None);
        var thrice = index.Search(["cat", "Cat cat"], null, 10, CancellationToken.None);

        Assert.Equal(once, thrice);
    }

    [Fact]
    public void Search_AcceptAndK_KeepOnlyTheBestAcceptedRows()
    {
        var index = Build(Corpus);

        // Scores: row 2 1.0926 (the rare "dogs"), row 0 0.9568 ("the" twice, "sat"), row 1 1.0471 ("the", "sat").
        var all = index.Search(["the sat dogs"], null, 10, CancellationToken.None);
        var accepted = index.Search(["the sat dogs"], row => row != 2, 10, CancellationToken.None);
        var best = index.Search(["the sat dogs"], null, 1, CancellationToken.None);

        Assert.Equal([2, 1, 0], all.Select(r => r.Row));
        Assert.Equal([1, 0], accepted.Select(r => r.Row));
        Assert.Equal(2, Assert.Single(best).Row);
    }

    [Fact]
    public void Search_UnknownOrNoTerms_FindsNothing()
    {
        var index = Build(Corpus);

        Assert.Empty(index.Search(["wookiee"], null, 10, CancellationToken.None));
        Assert.Empty(index.Search(["?!"], null, 10, CancellationToken.None));
        Assert.Empty(index.Search([], null, 10, CancellationToken.None));
        Assert.Empty(new InvertedIndex().Search(["cat"], null, 10, CancellationToken.None));
    }

    [Fact]
    public void Search_ChineseQuestion_FindsTheChineseAnswerThroughItsCharacters()
    {
        var index = Build(
        [
            "为什么我的光剑刀锋在闪烁?刀锋闪烁可能表示电池电量不足或不稳定的水晶。",
            "为什么我的刀锋比以前暗淡?刀锋变暗可能意味着电池电量低或电源分配有问题。",
            "如何为我的光剑充电?通过剑柄附近的端口,将光剑连接到提供的充电线。",
            "My lightsaber is too dim.",
        ]);

        var results = index.Search(["刀锋为什么变暗了?"], null, 10, CancellationToken.None);

        Assert.Equal(1, results[0].Row);
        Assert.DoesNotContain(results, r => r.Row == 3);
    }

    [Fact]
    public void SetAndRemove_KeepCountsLengthsAndFrequencies()
    {
        var index = Build(Corpus);
        Assert.Equal((3, 12L, 2), (index.DocumentCount, index.TotalLength, index.DocumentFrequency("sat")));

        index.Set(1, "The dog ran");           // replace: "sat" leaves row 1, "ran" arrives
        Assert.Equal((3, 12L, 1, 1), (index.DocumentCount, index.TotalLength, index.DocumentFrequency("sat"), index.DocumentFrequency("ran")));

        index.Remove(0);
        Assert.Equal((2, 6L, 0, 1), (index.DocumentCount, index.TotalLength, index.DocumentFrequency("sat"), index.DocumentFrequency("the")));
        Assert.Empty(index.Search(["sat mat"], null, 10, CancellationToken.None));

        index.Remove(0);                        // removing twice changes nothing
        index.Set(2, null);                     // a null value leaves the index
        Assert.Equal((1, 3L), (index.DocumentCount, index.TotalLength));

        index.Set(0, "A cat");                  // a freed row reused
        Assert.Equal(0, Assert.Single(index.Search(["cat"], null, 10, CancellationToken.None)).Row);
    }

    [Fact]
    public void Set_CollectionOfStrings_IndexesEveryItem_OtherTypesAsEmpty()
    {
        var index = new InvertedIndex();

        index.Set(0, new[] { "red sabers", null, "blue sabers" });
        index.Set(1, 42);

        Assert.Equal(4, index.Length(0));
        Assert.Equal(2, index.TermFrequency(0, "sabers"));
        Assert.Equal((2, 0), (index.DocumentCount, index.Length(1)));
    }

    [Fact]
    public void SetAndRemove_RandomChurn_ScoresAsAnIndexBuiltFromScratch()
    {
        var random = new Random(7);
        string[] words = ["kyber", "crystal", "blade", "hilt", "光剑", "电池", "刀锋", "battery", "the", "a"];
        var live = new Dictionary<int, string>();
        var index = new InvertedIndex();

        for (var step = 0; step < 3000; step++)
        {
            var row = random.Next(64);
            if (random.NextDouble() < 0.3)
            {
                index.Remove(row);
                live.Remove(row);
            }
            else
            {
                var text = string.Join(' ', Enumerable.Range(0, random.Next(1, 12)).Select(_ => words[random.Next(words.Length)]));
                index.Set(row, text);
                live[row] = text;
            }
        }

        var fresh = new InvertedIndex();
        foreach (var (row, text) in live)
        {
            fresh.Set(row, text);
        }

        Assert.Equal((fresh.DocumentCount, fresh.TotalLength), (index.DocumentCount, index.TotalLength));
        foreach (var query in new[] { "kyber blade", "电池", "the a", "hilt 刀锋 battery", "光" })
        {
            var expected = fresh.Search([query], null, 100, CancellationToken.None);
            var actual = index.Search([query], null, 100, CancellationToken.None);
            Assert.Equal(expected.Select(r => r.Row), actual.Select(r => r.Row));
            Assert.Equal(expected.Select(r => Math.Round(r.Score, 12)), actual.Select(r => Math.Round(r.Score, 12)));
        }
    }

    private static InvertedIndex Build(IReadOnlyList<string> texts)
    {
        var index = new InvertedIndex();
        for (var i = 0; i < texts.Count; i++)
        {
            index.Set(i, texts[i]);
        }

        return index;
    }
}
