// VectorStoreTextSearch and its reranking wrapper are experimental (SKEXP0001) in Semantic Kernel 1.82.
#pragma warning disable SKEXP0001

using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;
using Microsoft.SemanticKernel.Data;

namespace Jina.SemanticKernel.Tests;

/// <summary>The reranked text search: more candidates from the collection, Jina's order, the caller's page.</summary>
public sealed class JinaRerankingTextSearchTests : IAsyncLifetime
{
    private const string Question = "Why is my blade flickering?";

    private JinaApiEmulator _embeddings = null!;
    private JinaApiEmulator _rerank = null!;
    private InMemoryVectorStore _store = null!;
    private VectorStoreCollection<string, JinaDocumentChunk<string>> _collection = null!;
    private Jina.Extensions.AI.JinaEmbeddingGenerator _generator = null!;
    private Jina.Extensions.AI.JinaReranker _reranker = null!;

    public async Task InitializeAsync()
    {
        _embeddings = await JinaApiEmulator.StartAsync();
        // Another key's emulator, whose stand-in scores put passages about cooling down first.
        _rerank = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { ApiKey = "jina_rerank_test_key_000", Embedder = new PreferringEmbeddingGenerator("cool") });
        _generator = Emulated.Generator(_embeddings);
        _reranker = Emulated.Reranker(_rerank);
        _store = new InMemoryVectorStore();
        _collection = await _store.GetJinaCollectionAsync<string>("kb", _generator);
        await new JinaVectorStoreIngestor<string>(_collection, _generator, TestCorpus.ByLine).IngestAsync(TestCorpus.KnowledgeBase);
    }

    public async Task DisposeAsync()
    {
        _reranker.Dispose();
        _generator.Dispose();
        _store.Dispose();
        await _rerank.DisposeAsync();
        await _embeddings.DisposeAsync();
    }

    [Fact]
    public async Task GetTextSearchResultsAsync_RerankedTop_IsTheRerankersBestNotTheVectorSearchs()
    {
        ITextSearch<JinaDocumentChunk<string>> plain = _collection.CreateTextSearch();
        JinaRerankingTextSearch<JinaDocumentChunk<string>> reranked = _collection.CreateTextSearch(_reranker);

        var vector = await (await plain.GetTextSearchResultsAsync(Question, new TextSearchOptions<JinaDocumentChunk<string>> { Top = 1 })).Results.ToListAsync();
        var results = await (await reranked.GetTextSearchResultsAsync(Question, new TextSearchOptions<JinaDocumentChunk<string>> { Top = 1 })).Results.ToListAsync();

        Assert.Contains("flicker", vector[0].Value, StringComparison.OrdinalIgnoreCase);
        TextSearchResult best = Assert.Single(results);
        Assert.Contains("cool down", best.Value, StringComparison.Ordinal);
        Assert.Equal("lightsaber-faq.md#3", best.Name);
        JinaApiEmulatorRequest request = Assert.Single(_rerank.Requests);
        Assert.Equal(Question, request.Query);
        Assert.Equal(6, request.Inputs.Count);
        Assert.Equal(1, request.TopN);
        Assert.Contains("flicker", request.Inputs[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SearchAsync_SkipAndTop_PageThroughTheRerankedOrder()
    {
        JinaRerankingTextSearch<JinaDocumentChunk<string>> reranked = _collection.CreateTextSearch(_reranker, candidates: 4);

        var first = await (await reranked.SearchAsync(Question, new TextSearchOptions<JinaDocumentChunk<string>> { Top = 1 })).Results.ToListAsync();
        var next = await (await reranked.SearchAsync(Question, new TextSearchOptions<JinaDocumentChunk<string>> { Top = 2, Skip = 1 })).Results.ToListAsync();
        var wide = await (await reranked.SearchAsync(Question, new TextSearchOptions<JinaDocumentChunk<string>> { Top = 5, Skip = 1 })).Results.ToListAsync();

        Assert.Equal(4, reranked.Candidates);
        Assert.Equal([4, 4, 6], _rerank.Requests.Select(r => r.Inputs.Count));
        Assert.Equal([1, 3, 6], _rerank.Requests.Select(r => r.TopN));
        Assert.Equal(2, next.Count);
        Assert.DoesNotContain(first[0], next);
        Assert.Equal(5, wide.Count);
    }

    [Fact]
    public async Task GetSearchResultsAsync_Filter_ReachesTheCollectionAndRecordsComeBack()
    {
        JinaRerankingTextSearch<JinaDocumentChunk<string>> reranked = _collection.CreateTextSearch(_reranker);
        var options = new TextSearchOptions<JinaDocumentChunk<string>> { Top = 3, Filter = chunk => chunk.DocumentId == "kb/0" || chunk.DocumentId == "kb/3" };

        var records = await (await reranked.GetSearchResultsAsync(Question, options)).Results.ToListAsync();

        Assert.Equal(["kb/3", "kb/0"], records.Select(r => r.DocumentId));
        Assert.Equal(2, Assert.Single(_rerank.Requests).Inputs.Count);
    }

    [Fact]
    public async Task SearchAsync_NoCandidates_ReturnsNothingWithoutAskingTheReranker()
    {
        JinaRerankingTextSearch<JinaDocumentChunk<string>> reranked = _collection.CreateTextSearch(_reranker);
        var options = new TextSearchOptions<JinaDocumentChunk<string>> { Filter = chunk => chunk.DocumentId == "nowhere" };

        var texts = await (await reranked.SearchAsync(Question, options)).Results.ToListAsync();

        Assert.Empty(texts);
        Assert.Empty(_rerank.Requests);
    }

    [Fact]
    public async Task CreateTextSearch_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("reranker", () => _collection.CreateTextSearch(null!));
        Assert.Throws<ArgumentOutOfRangeException>("candidates", () => _collection.CreateTextSearch(_reranker, 0));
        JinaRerankingTextSearch<JinaDocumentChunk<string>> reranked = _collection.CreateTextSearch(_reranker);
        await Assert.ThrowsAsync<ArgumentException>(() => reranked.SearchAsync(" "));
    }
}
