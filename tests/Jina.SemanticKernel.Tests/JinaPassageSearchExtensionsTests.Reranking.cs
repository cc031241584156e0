using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;

namespace Jina.SemanticKernel.Tests;

/// <summary>The reranking stage: more candidates from retrieval, Jina's order, then the chunks around each hit.</summary>
public sealed partial class JinaPassageSearchExtensionsTests
{
    private static async Task<JinaApiEmulator> StartRerankerAsync(string preferred) =>
        await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { Embedder = new PreferringEmbeddingGenerator(preferred) });

    [Fact]
    public async Task SearchPassagesAsync_Reranker_RetrievesTheCandidatesAndKeepsTheRerankersBest()
    {
        var corpus = await CorpusAsync();
        await using var emulator = await StartRerankerAsync("Line 8 of document a");
        using var reranker = Emulated.Reranker(emulator);

        var passages = await corpus.Collection.SearchPassagesAsync(
            corpus.Query(("a", 2), ("a", 3), ("a", 8)),
            new() { Top = 1, Mode = JinaSearchMode.Vector, Reranker = reranker, RerankCandidates = 3 });

        var passage = Assert.Single(passages);
        Assert.Equal((8, JinaRetrievalStage.Reranked, 1), (passage.Hit.ChunkIndex, passage.Stage, passage.Rank));
        Assert.Equal(1.0, passage.Score!.Value, 5);
        var request = Assert.Single(emulator.Requests);
        Assert.Equal(["Line 2 of document a.\n", "Line 3 of document a.\n", "Line 8 of document a.\n"], request.Inputs);
        Assert.Equal(1, request.TopN);
        Assert.Equal("jina-reranker-v3", request.Model);
    }

    [Fact]
    public async Task SearchPassagesAsync_RerankedHitWithNeighbors_LabelsEachChunkWithItsStage()
    {
        var corpus = await CorpusAsync();
        await using var emulator = await StartRerankerAsync("Line 3 of document b");
        using var reranker = Emulated.Reranker(emulator);

        var passages = await corpus.Collection.SearchPassagesAsync(
            corpus.Query(("a", 5), ("b", 3)),
            new() { Top = 1, NeighborChunks = 1, Mode = JinaSearchMode.Vector, Reranker = reranker });

        var passage = Assert.Single(passages);
        Assert.Equal(
            [(2, JinaRetrievalStage.Neighbor), (3, JinaRetrievalStage.Reranked), (4, JinaRetrievalStage.Neighbor)],
            passage.Chunks.Select(c => (c.ChunkIndex, c.Stage)));
        corpus.AssertSpanMatchesDocument(passage);
    }

    [Fact]
    public async Task SearchPassagesAsync_RerankerWithoutCandidateCount_RetrievesFourTimesTopAndAtLeastTwenty()
    {
        var corpus = await CorpusAsync();
        await using var emulator = await StartRerankerAsync("document b");
        using var reranker = Emulated.Reranker(emulator);

        var passages = await corpus.Collection.SearchPassagesAsync(corpus.Query(("a", 0)), new() { Top = 2, Mode = JinaSearchMode.Vector, Reranker = reranker });

        // The corpus holds 22 chunks: the 20 candidates asked for (4 × 2 is fewer) are reranked, and its best 2 are the passages.
        var request = Assert.Single(emulator.Requests);
        Assert.Equal((20, 2), (request.Inputs.Count, request.TopN));
        Assert.All(passages, p => Assert.Equal(("b", JinaRetrievalStage.Reranked), (p.DocumentId, p.Stage)));
    }

    [Fact]
    public async Task SearchPassagesAsync_RerankedHitsThatMerge_TakeTheRerankersNextCandidatesForTheOtherPassages()
    {
        var corpus = await CorpusAsync();
        await using var emulator = await StartRerankerAsync("document b");
        using var reranker = Emulated.Reranker(emulator);

        var passages = await corpus.Collection.SearchPassagesAsync(
            corpus.Query(("a", 0)), new() { Top = 3, NeighborChunks = 1, Mode = JinaSearchMode.Vector, Reranker = reranker });

        // The reranker puts document b's six chunks first; with a neighbour each side they make one passage, so the next passage
        // comes from its later candidates, all ordered in the one request, which returns every candidate's score. The search
        // reads at most 3 × (2 × 1 + 1) = 9 hits: after b's six, the ones left make one passage of document a.
        var request = Assert.Single(emulator.Requests);
        Assert.Equal((20, 20), (request.Inputs.Count, request.TopN));
        Assert.Equal(["b", "a"], passages.Select(p => p.DocumentId));
        Assert.All(passages, p => Assert.Equal(JinaRetrievalStage.Reranked, p.Stage));
        Assert.All(passages, corpus.AssertSpanMatchesDocument);
    }

    [Fact]
    public async Task SearchPassagesAsync_RerankerAndNoCandidates_ReturnsNothingWithoutAskingIt()
    {
        var corpus = await CorpusAsync();
        await using var emulator = await StartRerankerAsync("Line");
        using var reranker = Emulated.Reranker(emulator);

        var passages = await corpus.Collection.SearchPassagesAsync(
            corpus.Query(("a", 0)), new() { Mode = JinaSearchMode.Vector, Reranker = reranker, Filter = c => c.DocumentId == "none" });

        Assert.Empty(passages);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task SearchPassagesAsync_InvalidCandidateCount_ThrowsAndCloneKeepsTheReranker()
    {
        var corpus = await CorpusAsync();
        await using var emulator = await StartRerankerAsync("Line");
        using var reranker = Emulated.Reranker(emulator);
        var options = new JinaPassageSearchOptions<Guid> { Reranker = reranker, RerankCandidates = 0 };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("options.RerankCandidates", () => corpus.Collection.SearchPassagesAsync("q", options));
        var copy = options.Clone(top: 3);
        Assert.Same(reranker, copy.Reranker);
        Assert.Equal((3, 0), (copy.Top, copy.RerankCandidates));
    }
}
