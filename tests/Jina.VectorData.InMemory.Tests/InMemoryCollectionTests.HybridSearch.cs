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
    public async Task HybridSearchAsync_KeywordAndVectorDisagree_FusesByReciprocalRank()
    {
        using var collection = await NotesAsync(Disagreeing());

        var vectorOnly = await collection.SearchAsync(East, top: 5).Select(r => r.Record.Id).ToListAsync();
        var hybrid = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5).ToListAsync();

        Assert.Equal([1, 2, 3, 4, 5], vectorOnly);
        // 4: 1/(60+4) + 1/(60+1); 3: 1/(60+3) + 1/(60+2); then the vector ranking alone: 1/61, 1/62, 1/65.
        Assert.Equal([4, 3, 1, 2, 5], hybrid.Select(r => r.Record.Id));
        Assert.Equal((1.0 / 64) + (1.0 / 61), hybrid[0].Score!.Value, 12);
        Assert.Equal((1.0 / 63) + (1.0 / 62), hybrid[1].Score!.Value, 12);
        Assert.Equal(1.0 / 65, hybrid[4].Score!.Value, 12);
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
        // Record 1 is last by vector: only its keywords can bring it first.
        using var collection = await NotesAsync(
            new() { Id = 1, Text = "Forged from durasteel", Vector = new float[] { -1, 0, 0 } },
            new() { Id = 2, Text = "Blue blade", Vector = new float[] { 1, 0, 0 } },
            new() { Id = 3, Text = "Green blade", Vector = new float[] { 0.5f, 0.5f, 0 } });

        Assert.Equal(1, await TopAsync("durasteel"));                 // the index is built on this first keyword search

        await collection.UpsertAsync(new Note { Id = 1, Text = "Cast in plastoid", Vector = new float[] { -1, 0, 0 } });
        Assert.Equal(2, await TopAsync("durasteel"));                 // replaced: the old words are gone
        Assert.Equal(1, await TopAsync("plastoid"));                  // and the new ones are found

        await collection.UpsertAsync(new Note { Id = 4, Text = "Hilt of durasteel and plastoid", Vector = new float[] { 0, -1, 0 } });
        Assert.Equal(4, await TopAsync("durasteel"));                 // a new record is indexed as it is written

        await collection.DeleteAsync(4);
        Assert.Equal(2, await TopAsync("durasteel"));
        Assert.DoesNotContain(4, await collection.HybridSearchAsync(East, ["durasteel plastoid"], top: 10).Select(r => r.Record.Id).ToListAsync());

        await collection.UpsertAsync(new Note { Id = 5, Text = "A durasteel pommel", Vector = new float[] { 0, 0, -1 } }); // reuses the freed row
        Assert.Equal(5, await TopAsync("durasteel"));

        async Task<int> TopAsync(string keyword) => (await collection.HybridSearchAsync(East, [keyword], top: 1).SingleAsync()).Record.Id;
    }

    [Fact]
    public async Task HybridSearchAsync_IndexBuiltOnAnEmptyCollection_SeesLaterWrites()
    {
        using var collection = await NotesAsync();
        Assert.Empty(await collection.HybridSearchAsync(East, ["kyber"], top: 3).ToListAsync());

        await collection.UpsertAsync(Disagreeing());

        Assert.Equal(4, (await collection.HybridSearchAsync(East, ["kyber"], top: 1).SingleAsync()).Record.Id);
    }

    [Fact]
    public async Task HybridSearchAsync_Filter_AppliesToBothRankings()
    {
        var notes = Disagreeing();
        notes[3].Language = "fr";
        using var collection = await NotesAsync(notes);

        var results = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5, new() { Filter = n => n.Language == "en" }).ToListAsync();

        Assert.Equal([3, 1, 2, 5], results.Select(r => r.Record.Id));
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

        var results = await collection.HybridSearchAsync(East, ["kyber crystal"], top: 5, new() { ScoreThreshold = 0.03 }).ToListAsync();

        Assert.Equal([4, 3], results.Select(r => r.Record.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HybridSearchAsync_IncludeVectors_ReturnsVectorsOnlyOnRequest(bool includeVectors)
    {
        using var collection = await NotesAsync(Disagreeing());

        var result = await collection.HybridSearchAsync(East, ["kyber"], top: 1, new() { IncludeVectors = includeVectors }).SingleAsync();

        Assert.Equal(4, result.Record.Id);
        Assert.Equal(includeVectors ? [0f, 1f, 0f] : [], result.Record.Vector.ToArray());
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

        Assert.Equal([1, 2], results.Select(r => r.Record.Id).Order());
        Assert.Equal(1.0 / 61, results[0].Score!.Value, 12);
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

        // a: body vector rank 1 + title keyword rank 1; b: body keyword rank 1 + title vector rank 1 — each wins where both agree.
        Assert.Equal("a", byTitle[0].Record.Id);
        Assert.Equal("b", byBody[0].Record.Id);
        Assert.Equal((1.0 / 61) + (1.0 / 61), byTitle[0].Score!.Value, 12);
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

        Assert.Equal([4, 3], results.Select(r => r.Record.Id));
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
