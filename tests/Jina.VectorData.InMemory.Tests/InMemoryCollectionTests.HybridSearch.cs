using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    private static readonly float[] East = [1, 0, 0];

    // Ranked by vector against East: 1, 2, 3, 4, 5. Ranked by the keywords "kyber crystal": 4 (both words), 3 (one).
    private static Note[] Disagreeing() =>
    [
        new() { Id = 1, Text = "The hilt is made of durasteel", Vector = new float[] { 1, 0, 0 } },
        new() { Id = 2, Text = "Blades hum when they swing", Vector = new float[] { 0.9f, 0.1f, 0 } },
        new() { Id = 3, Text = "A crystal focuses the energy", Vector = new float[] { 0.5f, 0.5f, 0 } },
        new() { Id = 4, Text = "The kyber crystal is the heart of the saber", Vector = new float[] { 0, 1, 0 } },
        new() { Id = 5, Text = "Nothing relevant here at all", Vector = new float[] { -1, 0, 0 } },
    ];

    private static async Task<InMemoryCollection<int, Note>> NotesAsync(params Note[] notes)
    {
        var collection = new InMemoryCollection<int, Note>("notes");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(notes);
        return collection;
    }

    [Fact]
    public async Task HybridSearchAsync_KeywordAndVectorDisagree_FusesTheirNormalisedScores()
    {
        using var collection = await NotesAsync(Disagreeing());

        var vectorOnly = await collection.SearchAsync(East, top: 5).Select(r => r.Record.Id).ToListAsync();
        var hybrid = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5).ToListAsync();

        Assert.Equal([1, 2, 3, 4, 5], vectorOnly);
        // Cosines 1, 0.9939, 0.7071, 0, −1 scale to 1, 0.9969, 0.8536, 0.5, 0; BM25 (k1 1.2, b 0.75, avgdl 6): 4 → 1.87769, 3 → 0.93953.
        // 3: 0.75 · 0.8536 + 0.25 · 0.5004 = 0.7653; 1: 0.75; 2: 0.7477; 4: 0.75 · 0.5 + 0.25 · 1 = 0.625; 5: 0.
        Assert.Equal([3, 1, 2, 4, 5], hybrid.Select(r => r.Record.Id));
        Assert.Equal([0.7653, 0.75, 0.7477, 0.625, 0], hybrid.Select(r => Math.Round(r.Score!.Value, 4)));
    }

    [Theory]
    [InlineData("光剑为什么变暗了?", 2)]
    [InlineData("怎么给光剑充电", 3)]
    [InlineData("フォースと共に", 4)]
    [InlineData("광선검 색상", 5)]
    public async Task HybridSearchAsync_CjkKeywords_FindTheTextThatHasNoSpaces(string keywords, int expected)
    {
        // Every vector is the same, so only the keywords can tell the records apart.
        using var collection = await NotesAsync(
            new() { Id = 1, Text = "为什么我的光剑刀锋在闪烁?刀锋闪烁可能表示电池电量不足。", Language = "zh", Vector = East },
            new() { Id = 2, Text = "为什么我的刀锋比以前暗淡?刀锋变暗可能意味着电池电量低。", Language = "zh", Vector = East },
            new() { Id = 3, Text = "如何为我的光剑充电?将光剑连接到提供的充电线。", Language = "zh", Vector = East },
            new() { Id = 4, Text = "フォースと共にあらんことを。いつも。", Language = "ja", Vector = East },
            new() { Id = 5, Text = "광선검의 색상을 바꿀 수 있나요?", Language = "ko", Vector = East },
            new() { Id = 6, Text = "How do I charge my lightsaber?", Vector = East });

        var results = await collection.HybridSearchAsync(East, [keywords], top: 3).ToListAsync();

        Assert.Equal(expected, results[0].Record.Id);
    }

    [Fact]
    public async Task HybridSearchAsync_AfterUpsertReplaceAndDelete_FindsWhatTheTextsHoldNow()
    {
        // Every vector is the same (each scales to 1, 0.75 fused), so a record scores 1 exactly when it holds the keyword.
        using var collection = await NotesAsync(
            new() { Id = 1, Text = "Forged from durasteel", Vector = East },
            new() { Id = 2, Text = "Blue blade", Vector = East },
            new() { Id = 3, Text = "Green blade", Vector = East });

        Assert.Equal([1], await MatchesAsync("durasteel"));          // the index is built on this first keyword search

        await collection.UpsertAsync(new Note { Id = 1, Text = "Cast in plastoid", Vector = East });
        Assert.Empty(await MatchesAsync("durasteel"));               // replaced: the old words are gone
        Assert.Equal([1], await MatchesAsync("plastoid"));           // and the new ones are found

        await collection.UpsertAsync(new Note { Id = 4, Text = "Hilt of durasteel and plastoid", Vector = East });
        Assert.Equal([4], await MatchesAsync("durasteel"));          // a new record is indexed as it is written

        await collection.DeleteAsync(4);
        Assert.Empty(await MatchesAsync("durasteel"));
        Assert.Equal([1], await MatchesAsync("plastoid"));

        await collection.UpsertAsync(new Note { Id = 5, Text = "A durasteel pommel", Vector = East }); // reuses the freed row
        Assert.Equal([5], await MatchesAsync("durasteel"));

        async Task<List<int>> MatchesAsync(string keyword) => await collection
            .HybridSearchAsync(East, [keyword], top: 10)
            .Where(r => r.Score > 0.75)
            .Select(r => r.Record.Id)
            .ToListAsync();
    }

    [Fact]
    public async Task HybridSearchAsync_IndexBuiltOnAnEmptyCollection_SeesLaterWrites()
    {
        using var collection = await NotesAsync();
        Assert.Empty(await collection.HybridSearchAsync(East, ["kyber"], top: 3).ToListAsync());

        await collection.UpsertAsync(Disagreeing());

        var four = await collection.HybridSearchAsync(East, ["kyber"], top: 5).SingleAsync(r => r.Record.Id == 4);
        Assert.Equal(0.625, four.Score!.Value, 6);                   // 0.75 · 0.5 (its vector) + 0.25 (the only match)
    }

    [Fact]
    public async Task HybridSearchAsync_Filter_AppliesToBothRankings()
    {
        var notes = Disagreeing();
        notes[3].Language = "fr";
        using var collection = await NotesAsync(notes);

        var results = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5, new() { Filter = n => n.Language == "en" }).ToListAsync();

        // Without 4, record 3 is the best keyword match (scaled to 1): 0.75 · 0.8536 + 0.25 = 0.8902.
        Assert.Equal([3, 1, 2, 5], results.Select(r => r.Record.Id));
        Assert.Equal(0.8902, results[0].Score!.Value, 4);
    }

    [Fact]
    public async Task HybridSearchAsync_SkipAndTop_PageThroughTheFusedRanking()
    {
        using var collection = await NotesAsync(Disagreeing());

        var all = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5).Select(r => r.Record.Id).ToListAsync();
        var page = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 2, new() { Skip = 1 }).Select(r => r.Record.Id).ToListAsync();
        var beyond = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 2, new() { Skip = 5 }).ToListAsync();

        Assert.Equal(all.Skip(1).Take(2), page);
        Assert.Empty(beyond);
    }

    [Fact]
    public async Task HybridSearchAsync_ScoreThreshold_KeepsFusedScoresAtLeastThatHigh()
    {
        using var collection = await NotesAsync(Disagreeing());

        var results = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5, new() { ScoreThreshold = 0.7 }).ToListAsync();

        Assert.Equal([3, 1, 2], results.Select(r => r.Record.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HybridSearchAsync_IncludeVectors_ReturnsVectorsOnlyOnRequest(bool includeVectors)
    {
        using var collection = await NotesAsync(Disagreeing());

        var result = await collection.HybridSearchAsync(East, ["crystal"], top: 1, new() { IncludeVectors = includeVectors }).SingleAsync();

        Assert.Equal(3, result.Record.Id);
        Assert.Equal(includeVectors ? [0.5f, 0.5f, 0f] : [], result.Record.Vector.ToArray());
    }

    [Fact]
    public async Task HybridSearchAsync_NoKeywordTerms_RanksByVectorAlone()
    {
        using var collection = await NotesAsync(Disagreeing());

        var results = await collection.HybridSearchAsync(East, ["?!", "wookiee"], top: 5).Select(r => r.Record.Id).ToListAsync();

        Assert.Equal([1, 2, 3, 4, 5], results);
    }

    [Fact]
    public async Task HybridSearchAsync_RecordWithoutVector_IsFoundByKeywordAlone()
    {
        using var collection = await NotesAsync(new Note { Id = 1, Text = "Blue blade", Vector = East }, new Note { Id = 2, Text = "Kyber shard" });

        var results = await collection.HybridSearchAsync(East, ["kyber"], top: 5).ToListAsync();

        Assert.Equal([(1, 0.75), (2, 0.25)], results.Select(r => (r.Record.Id, r.Score!.Value)));
    }

    [Fact]
    public async Task HybridSearchAsync_AdditionalPropertyAndVectorProperty_ChooseWhatIsSearched()
    {
        var collection = new InMemoryCollection<string, Article>("articles");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new Article { Id = "a", Title = "Kyber crystals", Body = "On sabers", TitleVector = new float[] { 1, 0 }, BodyVector = new float[] { 0, 1 } },
            new Article { Id = "b", Title = "On sabers", Body = "Kyber crystals", TitleVector = new float[] { 0, 1 }, BodyVector = new float[] { 1, 0 } },
        ]);
        float[] north = [0, 1];

        var byTitle = await collection.HybridSearchAsync(north, ["kyber"], 2, new() { AdditionalProperty = a => a.Title, VectorProperty = a => a.BodyVector }).ToListAsync();
        var byBody = await collection.HybridSearchAsync(north, ["kyber"], 2, new() { AdditionalProperty = a => a.Body, VectorProperty = a => a.TitleVector }).ToListAsync();

        // a: best body vector and the only title match; b: best title vector and the only body match — each wins where both agree.
        Assert.Equal([("a", 1.0), ("b", 0.0)], byTitle.Select(r => (r.Record.Id, r.Score!.Value)));
        Assert.Equal([("b", 1.0), ("a", 0.0)], byBody.Select(r => (r.Record.Id, r.Score!.Value)));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await collection.HybridSearchAsync(north, ["kyber"], 2, new() { VectorProperty = a => a.BodyVector }).ToListAsync());
        var notText = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await collection.HybridSearchAsync(north, ["kyber"], 2, new() { AdditionalProperty = a => a.Year, VectorProperty = a => a.BodyVector }).ToListAsync());
        Assert.Contains("Year", notText.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HybridSearchAsync_TextSearchValue_IsEmbeddedByTheGenerator()
    {
        var generator = new FakeEmbeddingGenerator();
        using var collection = new InMemoryCollection<int, Note>("notes", new() { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Disagreeing());

        var results = await collection.HybridSearchAsync("[1, 0, 0]", ["kyber crystal"], top: 2).ToListAsync();

        Assert.Equal([3, 1], results.Select(r => r.Record.Id));      // as with the vector itself
        Assert.Equal(["[1, 0, 0]"], generator.Inputs);
    }

    [Fact]
    public async Task HybridSearchAsync_InvalidArguments_Throw()
    {
        using var collection = await NotesAsync(Disagreeing());

        Assert.Throws<ArgumentNullException>(() => collection.HybridSearchAsync(East, null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => collection.HybridSearchAsync(East, ["x"], 0));
        await Assert.ThrowsAsync<ArgumentException>(async () => await collection.HybridSearchAsync(new float[] { 1, 0 }, ["x"], 1).ToListAsync());
        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.HybridSearchAsync("no generator", ["x"], 1).ToListAsync());

        using var missing = new InMemoryCollection<int, Note>("missing");
        await Assert.ThrowsAsync<VectorStoreException>(async () => await missing.HybridSearchAsync(East, ["x"], 1).ToListAsync());
    }

    [Fact]
    public async Task GetService_KeywordHybridSearchable_ReturnsTheCollection()
    {
        using var collection = await NotesAsync();

        Assert.Same(collection, collection.GetService(typeof(IKeywordHybridSearchable<Note>)));
    }

    [Fact]
    public async Task HybridSearchAsync_ConcurrentFirstSearchesAndWrites_StayConsistent()
    {
        using var collection = await NotesAsync([.. Enumerable.Range(0, 2000).Select(i => new Note { Id = i, Text = $"note {i} about kyber {i % 7}", Vector = East })]);

        var searches = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            await collection.HybridSearchAsync(East, ["kyber 3"], top: 5).Select(r => r.Record.Id).ToListAsync()));
        var writes = Task.Run(async () =>
        {
            for (var i = 2000; i < 2200; i++)
            {
                await collection.UpsertAsync(new Note { Id = i, Text = $"note {i} about kyber", Vector = East });
            }
        });
        var results = await Task.WhenAll(searches);
        await writes;

        Assert.All(results, r => Assert.Equal(5, r.Count));
        // Every vector ties, so among the records the filter keeps only the keyword lifts one above the others: each written
        // record is in the index whether it was written before, during or after the index was built.
        foreach (var id in new[] { 5, 2000, 2100, 2199 })
        {
            var keyword = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var after = await collection.HybridSearchAsync(East, [keyword], top: 2, new() { Filter = n => n.Id >= id - 10 && n.Id <= id + 10 }).ToListAsync();
            Assert.Equal(id, after[0].Record.Id);
            Assert.True(after[0].Score > after[1].Score);
        }
    }
}
