using Jina.VectorData.InMemory;

namespace Jina.SemanticKernel.Tests;

public sealed class JinaChunkQueriesTests
{
    [Fact]
    public async Task ReadDocumentHeadsAsync_NumbersSharedAcrossPageBoundaries_ReturnsEveryHeadOnce()
    {
        // Pairs of documents share a number, so a page boundary falls between two records with the same value.
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("heads", JinaDocumentChunk<string>.CreateCollectionDefinition(4));
        await collection.EnsureCollectionExistsAsync();
        int count = (JinaChunkQueries.PageSize * 2) + 3;
        await collection.UpsertAsync(Enumerable.Range(0, count).Select(i => Head($"doc-{i}", number: i / 2)));

        var heads = await JinaChunkQueries.ReadDocumentHeadsAsync(collection, CancellationToken.None).ToListAsync();

        Assert.Equal(count, heads.Count);
        Assert.Equal(count, heads.Select(h => h.DocumentId).Distinct().Count());
        Assert.True(heads.Zip(heads.Skip(1)).All(p => p.First.DocumentNumber <= p.Second.DocumentNumber));
    }

    [Fact]
    public async Task ReadDocumentHeadsAsync_MoreThanAPageWithOneNumber_ThrowsInsteadOfLooping()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("heads", JinaDocumentChunk<string>.CreateCollectionDefinition(4));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Enumerable.Range(0, JinaChunkQueries.PageSize + 1).Select(i => Head($"doc-{i}", number: 7)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => JinaChunkQueries.ReadDocumentHeadsAsync(collection, CancellationToken.None).ToListAsync().AsTask());
    }

    [Fact]
    public async Task ReadDocumentAsync_LongDocument_ReturnsItsChunksInOrderAcrossPages()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<Guid, JinaDocumentChunk<Guid>>("long", JinaDocumentChunk<Guid>.CreateCollectionDefinition(4));
        await collection.EnsureCollectionExistsAsync();
        int count = JinaChunkQueries.PageSize + 10;
        await collection.UpsertAsync(Enumerable.Range(0, count).Reverse().Select(i => new JinaDocumentChunk<Guid>
        {
            Key = JinaChunkKeys.Create<Guid>("book", i),
            DocumentId = "book",
            ChunkIndex = i,
            ChunkCount = count,
            Vector = new float[4],
        }));

        var chunks = await JinaChunkQueries.ReadDocumentAsync(collection, "book", CancellationToken.None).ToListAsync();

        Assert.Equal(Enumerable.Range(0, count), chunks.Select(c => c.ChunkIndex));
    }

    private static JinaDocumentChunk<string> Head(string documentId, long number) => new()
    {
        Key = JinaChunkKeys.Create<string>(documentId, 0),
        DocumentId = documentId,
        DocumentNumber = number,
        ChunkCount = 1,
        Vector = new float[4],
    };
}
