using Jina.SemanticKernel.Tests.Support;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests;

[Collection(LocalEngineCollection.Name)]
public sealed partial class JinaPassageSearchExtensionsTests(LocalEngineFixture engine)
{
    // Three documents of one-line chunks: "a" has 10, "b" and "c" 6; c's first line is long. Every chunk's vector is its own axis,
    // so a scripted query vector decides exactly which chunks a search finds, and in which order: the scripted ones first, then
    // the rest (scored 0). A line "Line 4 of document a." is estimated at 9 tokens; c's first line at far more.
    private static readonly Dictionary<string, int> Sizes = new() { ["a"] = 10, ["b"] = 6, ["c"] = 6 };
    private static readonly Dictionary<string, int> Axes = new() { ["a"] = 0, ["b"] = 10, ["c"] = 16 };
    private const int Dimensions = 22;

    [Fact]
    public async Task SearchPassagesAsync_NoNeighbors_EachHitIsItsOwnPassage()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 0, top: 2), ("a", 2), ("a", 3));

        Assert.Equal([(1, 2, 2), (2, 3, 3)], passages.Select(p => (p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.All(passages, p => Assert.Equal(JinaRetrievalStage.Vector, Assert.Single(p.Chunks).Stage));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_OverlappingNeighborhoods_MergeIntoOnePassage()
    {
        var corpus = await CorpusAsync();

        // b3 would start a second passage: the search for one passage ends there.
        var passages = await corpus.SearchAsync(Options(neighbors: 1, top: 1), ("a", 2), ("a", 4), ("b", 3));

        var passage = Assert.Single(passages);
        Assert.Equal((1, JinaRetrievalStage.Vector, "a"), (passage.Rank, passage.Stage, passage.DocumentId));
        Assert.Equal(
            [(1, JinaRetrievalStage.Neighbor, 1), (2, JinaRetrievalStage.Vector, 1), (3, JinaRetrievalStage.Neighbor, 1), (4, JinaRetrievalStage.Vector, 2), (5, JinaRetrievalStage.Neighbor, 2)],
            passage.Chunks.Select(c => (c.ChunkIndex, c.Stage, c.Rank)));
        Assert.Equal([false, true, false, true, false], passage.Chunks.Select(c => c.Score.HasValue));
        Assert.Equal(2, passage.Hit.ChunkIndex);
        corpus.AssertSpanMatchesDocument(passage);
    }

    [Fact]
    public async Task SearchPassagesAsync_TouchingNeighborhoods_MergeIntoOnePassage()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 1, top: 1), ("a", 2), ("a", 5), ("b", 3));

        var passage = Assert.Single(passages);
        Assert.Equal([1, 2, 3, 4, 5, 6], passage.Chunks.Select(c => c.ChunkIndex));
        corpus.AssertSpanMatchesDocument(passage);
    }

    [Fact]
    public async Task SearchPassagesAsync_DistantHits_StaySeparateInRankOrder()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 1, top: 2), ("a", 7), ("a", 1));

        Assert.Equal([(1, 6, 8), (2, 0, 2)], passages.Select(p => (p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_HitsAtDocumentEdges_AreClippedToTheDocument()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 2, top: 2), ("a", 0), ("b", 5));

        Assert.Equal([("a", 0, 2), ("b", 3, 5)], passages.Select(p => (p.DocumentId, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.Equal(0, passages[0].Start);
        Assert.Equal(corpus.Documents["b"].Length, passages[1].Start + passages[1].Length);
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_SameChunkIndexInTwoDocuments_DoesNotMerge()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 1, top: 2), ("a", 3), ("b", 3));

        Assert.Equal([("a", 1), ("b", 2)], passages.Select(p => (p.DocumentId, p.Rank)));
        Assert.All(passages, p => Assert.Equal(3, p.Chunks.Count));
    }

    [Fact]
    public async Task SearchPassagesAsync_HitNextToABetterHit_CountsAsItsNeighborAndKeepsItsScore()
    {
        var corpus = await CorpusAsync();

        var passage = Assert.Single(await corpus.SearchAsync(Options(neighbors: 1, top: 1), ("a", 4), ("a", 5), ("b", 3)));

        var five = passage.Chunks.Single(c => c.ChunkIndex == 5);
        Assert.Equal((JinaRetrievalStage.Neighbor, 1), (five.Stage, five.Rank));
        Assert.NotNull(five.Score);
        Assert.True(passage.Score > five.Score);
    }

    [Fact]
    public async Task SearchPassagesAsync_HitJoiningABetterHitsPassage_LeavesRoomForTheNextPassage()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 1, top: 2), ("a", 2), ("a", 3), ("b", 3));

        Assert.Equal([("a", 1, 1, 4), ("b", 3, 2, 4)], passages.Select(p => (p.DocumentId, p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_HitAfterTheCut_DoesNotGrowAPassage()
    {
        var corpus = await CorpusAsync();

        // a4 would join the first passage, but b3, before it, would start a second one: a search for one passage ends at b3, so that
        // a search for more passages returns the same ones first.
        var one = await corpus.SearchAsync(Options(neighbors: 1, top: 1), ("a", 2), ("b", 3), ("a", 4));
        var two = await corpus.SearchAsync(Options(neighbors: 1, top: 2), ("a", 2), ("b", 3), ("a", 4));

        Assert.Equal([1, 2, 3], Assert.Single(one).Chunks.Select(c => c.ChunkIndex));
        Assert.Equal([("a", 1, 5), ("b", 2, 4)], two.Select(p => (p.DocumentId, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
    }

    [Fact]
    public async Task SearchPassagesAsync_HitBetweenTwoPassages_BridgesThemIntoOne()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.SearchAsync(Options(neighbors: 1, top: 2), ("a", 2), ("a", 6), ("a", 4), ("b", 1), ("b", 5));

        Assert.Equal([("a", 1), ("b", 4)], passages.Select(p => (p.DocumentId, p.Rank)));
        Assert.Equal(
            [(1, 1), (2, 1), (3, 1), (4, 3), (5, 2), (6, 2), (7, 2)],
            passages[0].Chunks.Select(c => (c.ChunkIndex, c.Rank)));
        Assert.Equal([0, 1, 2], passages[1].Chunks.Select(c => c.ChunkIndex));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_HitsMergingIntoOnePassage_ReadFurtherPagesOfHits()
    {
        var corpus = await CorpusAsync();

        // The first page (twice Top) holds four hits of one passage; the second brings the hit that makes the second passage. The
        // passage holds its best three hits: a4, a5 and a6 are passed over.
        var passages = await corpus.SearchAsync(Options(neighbors: 2, top: 2), ("a", 1), ("a", 2), ("a", 3), ("a", 4), ("a", 5), ("a", 6), ("c", 3), ("b", 3));

        Assert.Equal([("a", 1, 0, 5), ("c", 7, 1, 5)], passages.Select(p => (p.DocumentId, p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.Equal(3, passages[0].Chunks.Count(c => c.Score.HasValue));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_NeighborTokens_TakeNeighborsNearestFirstWhileTheyFit()
    {
        var corpus = await CorpusAsync();
        var options = Options(neighbors: JinaPassageSearchOptions<Guid>.MaxNeighborChunks, top: 1);
        options.NeighborTokens = 30;

        // Nine tokens a line: a4 before, a6 after, a3 before again (27), and a7 no longer fits.
        var passage = Assert.Single(await corpus.SearchAsync(options, ("a", 5), ("b", 3)));

        Assert.Equal([3, 4, 5, 6], passage.Chunks.Select(c => c.ChunkIndex));
        corpus.AssertSpanMatchesDocument(passage);
    }

    [Fact]
    public async Task SearchPassagesAsync_NeighborTokens_EndASideAtAChunkTooLongForTheBudget()
    {
        var corpus = await CorpusAsync();
        var options = Options(neighbors: JinaPassageSearchOptions<Guid>.MaxNeighborChunks, top: 1);
        options.NeighborTokens = 30;

        // c0 is longer than the budget: the passage grows after the hit only.
        var passage = Assert.Single(await corpus.SearchAsync(options, ("c", 1), ("a", 5)));

        Assert.Equal([1, 2, 3, 4], passage.Chunks.Select(c => c.ChunkIndex));
        Assert.Equal((JinaRetrievalStage.Vector, 1), (passage.Chunks[0].Stage, passage.Chunks[0].Rank));
        Assert.All(passage.Chunks.Skip(1), c => Assert.Equal((JinaRetrievalStage.Neighbor, 1), (c.Stage, c.Rank)));
    }

    [Fact]
    public async Task SearchPassagesAsync_NeighborTokens_StayWithinNeighborChunks()
    {
        var corpus = await CorpusAsync();
        var options = Options(neighbors: 1, top: 1);
        options.NeighborTokens = 1000;

        var passage = Assert.Single(await corpus.SearchAsync(options, ("a", 5), ("b", 3)));

        Assert.Equal([4, 5, 6], passage.Chunks.Select(c => c.ChunkIndex));
    }

    [Fact]
    public async Task SearchPassagesAsync_MissingChunk_EndsThePassageThere()
    {
        var corpus = await CorpusAsync();
        await corpus.Collection.DeleteAsync(corpus.Keys[("a", 3)]);

        var passages = await corpus.SearchAsync(Options(neighbors: 2, top: 1), ("a", 2), ("b", 5));

        // Chunk 4 neighbours the hit but is cut off from it by the missing chunk 3: the passage stays contiguous.
        var passage = Assert.Single(passages);
        Assert.Equal([0, 1, 2], passage.Chunks.Select(c => c.ChunkIndex));
        corpus.AssertSpanMatchesDocument(passage);
    }

    [Fact]
    public async Task SearchPassagesAsync_NeighborCutOffFromItsHitByAMissingChunk_StaysOut()
    {
        var corpus = await CorpusAsync();
        await corpus.Collection.DeleteAsync(corpus.Keys[("a", 7)]);

        // a2's and a9's neighbourhoods (0..5, 6..9) touch, but chunk 7 is gone: chunk 6 is a9's neighbour only, cut off from it.
        var passages = await corpus.SearchAsync(Options(neighbors: 3, top: 2), ("a", 2), ("a", 9), ("b", 3));

        Assert.Equal([("a", 1, 0, 5), ("a", 2, 8, 9)], passages.Select(p => (p.DocumentId, p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_Auto_IsHybridWhereTheCollectionCanAndVectorElsewhere()
    {
        var corpus = await CorpusAsync();
        var query = corpus.Query(("b", 1));
        var vectorOnly = new VectorOnlyCollection<Guid, JinaDocumentChunk<Guid>>(corpus.Collection);

        var onStore = await corpus.Collection.SearchPassagesAsync(query, new() { Top = 1 });
        var onVectorOnly = await vectorOnly.SearchPassagesAsync(query, new() { Top = 1 });
        var forced = await corpus.Collection.SearchPassagesAsync(query, new() { Top = 1, Mode = JinaSearchMode.Vector });

        Assert.Equal(JinaRetrievalStage.Hybrid, Assert.Single(onStore).Stage);
        Assert.Equal(JinaRetrievalStage.Vector, Assert.Single(onVectorOnly).Stage);
        Assert.Equal(JinaRetrievalStage.Vector, Assert.Single(forced).Stage);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => vectorOnly.SearchPassagesAsync(query, new() { Mode = JinaSearchMode.Hybrid }));
        Assert.Contains("JinaSearchMode.Vector", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchPassagesAsync_Filter_RestrictsTheHitsNotTheirNeighbors()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.Collection.SearchPassagesAsync(
            corpus.Query(("a", 2), ("b", 1)),
            new() { Top = 1, NeighborChunks = 1, Mode = JinaSearchMode.Vector, Filter = c => c.ChunkIndex == 1 });

        var passage = Assert.Single(passages);
        Assert.Equal(("b", 1), (passage.DocumentId, passage.Hit.ChunkIndex));
        Assert.Equal([0, 1, 2], passage.Chunks.Select(c => c.ChunkIndex));
    }

    [Fact]
    public async Task SearchPassagesAsync_InvalidArguments_Throw()
    {
        var corpus = await CorpusAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => ((VectorStoreCollection<Guid, JinaDocumentChunk<Guid>>)null!).SearchPassagesAsync("q"));
        await Assert.ThrowsAsync<ArgumentException>(() => corpus.Collection.SearchPassagesAsync(" "));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => corpus.Collection.SearchPassagesAsync("q", new() { Top = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => corpus.Collection.SearchPassagesAsync("q", new() { NeighborChunks = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => corpus.Collection.SearchPassagesAsync("q", new() { NeighborChunks = JinaPassageSearchOptions<Guid>.MaxNeighborChunks + 1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => corpus.Collection.SearchPassagesAsync("q", new() { NeighborChunks = 1, NeighborTokens = 0 }));
    }

    [Fact]
    public async Task SearchPassagesAsync_ChatHistoryOnTheLocalEngine_GivesTheTurnsAroundTheHit()
    {
        using var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync<string>("chat", engine.Generator);
        var chat = TestCorpus.Chat();
        await new JinaVectorStoreIngestor<string>(collection, engine.Generator, TestCorpus.ByLine).IngestAsync([chat]);

        var passage = Assert.Single(await collection.SearchPassagesAsync("Which restaurant did they choose?", new() { Top = 1, NeighborChunks = 1 }));

        Assert.Equal(JinaRetrievalStage.Hybrid, passage.Stage);
        Assert.True(passage.Chunks.Count >= 2);
        Assert.Equal(chat.Text.Substring(passage.Start, passage.Length), passage.Text);
        Assert.Equal(passage.Chunks.Select(c => c.ChunkIndex), Enumerable.Range(passage.Chunks[0].ChunkIndex, passage.Chunks.Count));
    }

    private static JinaPassageSearchOptions<Guid> Options(int neighbors, int top) => new() { Top = top, NeighborChunks = neighbors, Mode = JinaSearchMode.Vector };

    private static async Task<Corpus> CorpusAsync()
    {
        var generator = new ScriptedQueryGenerator(Dimensions);
        var store = new InMemoryVectorStore();
        var collection = store.GetCollection<Guid, JinaDocumentChunk<Guid>>("chunks", JinaDocumentChunk<Guid>.CreateCollectionDefinition(Dimensions, generator));
        await collection.EnsureCollectionExistsAsync();

        var documents = new Dictionary<string, string>();
        var keys = new Dictionary<(string, int), Guid>();
        var axis = 0;
        var records = new List<JinaDocumentChunk<Guid>>();
        foreach (var (document, size) in Sizes)
        {
            var start = 0;
            for (var i = 0; i < size; i++)
            {
                var text = document == "c" && i == 0
                    ? "A first line much longer than the others, which no small budget of neighbouring tokens has room for, however it is counted.\n"
                    : $"Line {i} of document {document}.\n";
                var vector = new float[Dimensions];
                vector[axis++] = 1;
                // Random keys that say nothing about the chunk: neighbours must be found through the data properties.
                var key = Guid.NewGuid();
                keys[(document, i)] = key;
                records.Add(new JinaDocumentChunk<Guid>
                {
                    Key = key, DocumentId = document, ChunkIndex = i, ChunkCount = size, Text = text, Start = start, Length = text.Length,
                    Source = $"{document}.txt", EmbeddingModel = "scripted", Dimensions = Dimensions, Vector = vector,
                });
                start += text.Length;
            }

            documents[document] = string.Concat(records.Where(r => r.DocumentId == document).Select(r => r.Text));
        }

        await collection.UpsertAsync(records);
        return new Corpus(collection, generator, documents, keys);
    }

    private sealed record Corpus(
        VectorStoreCollection<Guid, JinaDocumentChunk<Guid>> Collection,
        ScriptedQueryGenerator Generator,
        Dictionary<string, string> Documents,
        Dictionary<(string, int), Guid> Keys)
    {
        /// <summary>Scripts a query that finds the given chunks, in this order.</summary>
        public string Query(params (string Document, int Chunk)[] hits)
        {
            var vector = new float[Dimensions];
            for (var i = 0; i < hits.Length; i++)
            {
                vector[Axes[hits[i].Document] + hits[i].Chunk] = 1f - (0.05f * i);
            }

            var query = "find " + string.Join(' ', hits.Select(h => $"{h.Document}{h.Chunk}"));
            Generator.Vectors[query] = vector;
            return query;
        }

        /// <summary>Searches for exactly the given chunks, in this order: the query is scripted to find them, and a filter keeps the others (all scored 0) out of the hits, not out of the neighbours.</summary>
        public Task<IReadOnlyList<JinaPassage>> SearchAsync(JinaPassageSearchOptions<Guid> options, params (string Document, int Chunk)[] hits)
        {
            var query = Query(hits);
            var listed = hits.Select(h => Keys[h]).ToHashSet();
            options.Filter = c => listed.Contains(c.Key);
            return Collection.SearchPassagesAsync(query, options);
        }

        public void AssertSpanMatchesDocument(JinaPassage passage)
            => Assert.Equal(Documents[passage.DocumentId].Substring(passage.Start, passage.Length), passage.Text);
    }
}
