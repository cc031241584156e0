using Jina.SemanticKernel.Tests.Support;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests;

[Collection(LocalEngineCollection.Name)]
public sealed partial class JinaPassageSearchExtensionsTests(LocalEngineFixture engine)
{
    // Two documents of one-line chunks: "a" has 10, "b" has 6. Every chunk's vector is its own axis, so a scripted query
    // vector decides exactly which chunks a search finds, and in which order.
    private static readonly Dictionary<string, int> Sizes = new() { ["a"] = 10, ["b"] = 6 };
    private const int Dimensions = 16;

    [Fact]
    public async Task SearchPassagesAsync_NoNeighbors_EachHitIsItsOwnPassage()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 2), ("a", 3)), Options(neighbors: 0, top: 2));

        Assert.Equal([(1, 2, 2), (2, 3, 3)], passages.Select(p => (p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.All(passages, p => Assert.Equal(JinaRetrievalStage.Vector, Assert.Single(p.Chunks).Stage));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_OverlappingNeighborhoods_MergeIntoOnePassage()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 2), ("a", 4)), Options(neighbors: 1, top: 2));

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

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 2), ("a", 5)), Options(neighbors: 1, top: 2));

        var passage = Assert.Single(passages);
        Assert.Equal([1, 2, 3, 4, 5, 6], passage.Chunks.Select(c => c.ChunkIndex));
        corpus.AssertSpanMatchesDocument(passage);
    }

    [Fact]
    public async Task SearchPassagesAsync_DistantHits_StaySeparateInRankOrder()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 7), ("a", 1)), Options(neighbors: 1, top: 2));

        Assert.Equal([(1, 6, 8), (2, 0, 2)], passages.Select(p => (p.Rank, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_HitsAtDocumentEdges_AreClippedToTheDocument()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 0), ("b", 5)), Options(neighbors: 2, top: 2));

        Assert.Equal([("a", 0, 2), ("b", 3, 5)], passages.Select(p => (p.DocumentId, p.Chunks[0].ChunkIndex, p.Chunks[^1].ChunkIndex)));
        Assert.Equal(0, passages[0].Start);
        Assert.Equal(corpus.Documents["b"].Length, passages[1].Start + passages[1].Length);
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_SameChunkIndexInTwoDocuments_DoesNotMerge()
    {
        var corpus = await CorpusAsync();

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 3), ("b", 3)), Options(neighbors: 1, top: 2));

        Assert.Equal([("a", 1), ("b", 2)], passages.Select(p => (p.DocumentId, p.Rank)));
        Assert.All(passages, p => Assert.Equal(3, p.Chunks.Count));
    }

    [Fact]
    public async Task SearchPassagesAsync_HitNextToABetterHit_CountsAsItsNeighborAndKeepsItsScore()
    {
        var corpus = await CorpusAsync();

        var passage = Assert.Single(await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 4), ("a", 5)), Options(neighbors: 1, top: 2)));

        var five = passage.Chunks.Single(c => c.ChunkIndex == 5);
        Assert.Equal((JinaRetrievalStage.Neighbor, 1), (five.Stage, five.Rank));
        Assert.NotNull(five.Score);
        Assert.True(passage.Score > five.Score);
    }

    [Fact]
    public async Task SearchPassagesAsync_MissingChunk_EndsThePassageThere()
    {
        var corpus = await CorpusAsync();
        await corpus.Collection.DeleteAsync(corpus.Keys[("a", 3)]);

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 2)), Options(neighbors: 2, top: 1));

        // Chunk 4 neighbours the hit but is cut off from it by the missing chunk 3: the passage stays contiguous.
        var passage = Assert.Single(passages);
        Assert.Equal([0, 1, 2], passage.Chunks.Select(c => c.ChunkIndex));
        corpus.AssertSpanMatchesDocument(passage);
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
        Assert.InRange(passage.Chunks.Count, 2, 3);
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
                var text = $"Line {i} of document {document}.\n";
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
                vector[(hits[i].Document == "a" ? 0 : Sizes["a"]) + hits[i].Chunk] = 1f - (0.1f * i);
            }

            var query = "find " + string.Join(' ', hits.Select(h => $"{h.Document}{h.Chunk}"));
            Generator.Vectors[query] = vector;
            return query;
        }

        public void AssertSpanMatchesDocument(JinaPassage passage)
            => Assert.Equal(Documents[passage.DocumentId].Substring(passage.Start, passage.Length), passage.Text);
    }
}
