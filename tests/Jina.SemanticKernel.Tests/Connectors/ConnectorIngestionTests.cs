using Jina.Extensions.AI;
using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>
/// Ingestion, search, re-ingestion, re-index, resume and delete, end to end against one connector's double, with the Jina API
/// emulator on the wire: every call the ingestor makes must be one the connector and its database accept.
/// </summary>
public abstract class ConnectorIngestionTests<TKey>
    where TKey : notnull
{
    private const int Dimensions = 256;

    protected abstract ConnectorRules Rules { get; }

    /// <summary>Gets a collection name the database accepts, for a base name of lower-case letters and dashes.</summary>
    protected abstract string CollectionName(string baseName);

    /// <summary>Gets the distance function to open collections with, or null for the default cosine similarity.</summary>
    protected virtual string? DistanceFunction => null;

    [Fact]
    public async Task IngestAsync_ThenSearch_StoresEveryChunkAndSearchesWithTheQueryTask()
    {
        await using var rig = await RigAsync();
        var (emulator, generator, store) = (rig.Emulator, rig.V3, rig.Store);
        var collection = await OpenAsync(store, "kb", generator);

        var result = await new JinaVectorStoreIngestor<TKey>(collection, generator, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        emulator.ClearRequests();
        var hits = await collection.SearchAsync("How do I charge my lightsaber?", 3).ToListAsync();

        var stored = await ReadAllAsync(collection);
        Assert.Equal(result.ChunksWritten, stored.Count);
        Assert.All(stored, r => Assert.Equal(JinaChunkKeys.Create<TKey>(r.DocumentId, r.ChunkIndex), r.Key));
        var request = Assert.Single(emulator.Requests);
        Assert.Equal(("retrieval.query", Dimensions), (request.Task, request.Dimensions));
        Assert.Equal(3, hits.Count);
        Assert.Equal("kb/4", hits[0].Record.DocumentId);
        Assert.True(store.Calls.GetValueOrDefault("Search") > 0);
    }

    [Fact]
    public async Task IngestAsync_SameDocumentsAgain_SkipsThemWithoutEmbedding()
    {
        await using var rig = await RigAsync();
        var (emulator, generator, store) = (rig.Emulator, rig.V3, rig.Store);
        var collection = await OpenAsync(store, "kb", generator);
        var ingestor = new JinaVectorStoreIngestor<TKey>(collection, generator, TestCorpus.ByLine);
        await ingestor.IngestAsync(TestCorpus.All);
        var before = await ReadAllAsync(collection);
        emulator.ClearRequests();

        var again = await ingestor.IngestAsync(TestCorpus.All);

        Assert.Equal(TestCorpus.All.Count, again.DocumentsSkipped);
        Assert.Equal((0L, 0L), (again.ChunksWritten, again.ChunksDeleted));
        Assert.Empty(emulator.Requests);
        CollectionSnapshot.AssertSame(before, await ReadAllAsync(collection));
    }

    [Fact]
    public async Task IngestAsync_ShortenedDocument_RemovesItsStaleTail()
    {
        await using var rig = await RigAsync();
        var (emulator, generator, store) = (rig.Emulator, rig.V3, rig.Store);
        var collection = await OpenAsync(store, "kb", generator);
        var ingestor = new JinaVectorStoreIngestor<TKey>(collection, generator, TestCorpus.ByLine);
        await ingestor.IngestAsync(TestCorpus.All);

        var result = await ingestor.IngestAsync([TestCorpus.Chat(messages: 4)]);

        var chat = (await ReadAllAsync(collection)).Where(r => r.DocumentId == TestCorpus.ChatId).ToList();
        Assert.Equal(6, result.ChunksDeleted);
        Assert.Equal([0, 1, 2, 3], chat.Select(r => r.ChunkIndex));
        Assert.All(chat, r => Assert.Equal(4, r.ChunkCount));
    }

    [Fact]
    public async Task ReindexAsync_ToAnotherModel_MovesEveryChunkAndSearchesTheNewOne()
    {
        await using var rig = await RigAsync();
        var (emulator, v3, v4, store) = (rig.Emulator, rig.V3, rig.V4, rig.Store);
        var source = await OpenAsync(store, "kb-v3", v3);
        await new JinaVectorStoreIngestor<TKey>(source, v3, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var sourceBefore = await ReadAllAsync(source);
        var target = await OpenAsync(store, "kb-v4", v4);

        var result = await new JinaVectorStoreIngestor<TKey>(target, v4).ReindexAsync(source);

        var moved = await ReadAllAsync(target);
        Assert.Equal(sourceBefore.Count, result.ChunksVerified);
        Assert.Equal(sourceBefore.Select(r => (r.Key, r.Text, r.Start, r.Length)), moved.Select(r => (r.Key, r.Text, r.Start, r.Length)));
        Assert.All(moved, r => Assert.Equal(("jina-embeddings-v4", 512), (r.EmbeddingModel, r.Dimensions)));
        CollectionSnapshot.AssertSame(sourceBefore, await ReadAllAsync(source));
        emulator.ClearRequests();
        var hit = await target.SearchAsync("How do I charge my lightsaber?", 1).SingleAsync();
        Assert.Equal("kb/4", hit.Record.DocumentId);
        Assert.Equal(("jina-embeddings-v4", "retrieval.query"), (emulator.Requests[0].Model, emulator.Requests[0].Task));
    }

    [Fact]
    public async Task ReindexAsync_CancelledHalfWay_ResumesAndVerifiesEveryChunk()
    {
        await using var rig = await RigAsync();
        var (emulator, v3, v4, store) = (rig.Emulator, rig.V3, rig.V4, rig.Store);
        var source = await OpenAsync(store, "kb-v3", v3);
        await new JinaVectorStoreIngestor<TKey>(source, v3, TestCorpus.ByLine).IngestAsync(TestCorpus.All);
        var target = await OpenAsync(store, "kb-v4", v4);
        using var cts = new CancellationTokenSource();
        var cancelling = new JinaVectorStoreIngestor<TKey>(target, v4, new JinaIngestionOptions { MaxConcurrentDocuments = 1 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelling.ReindexAsync(
            source,
            new SynchronousProgress<JinaIngestionProgress>(p =>
            {
                if (p.DocumentsProcessed == 3)
                {
                    cts.Cancel();
                }
            }),
            cts.Token));
        emulator.ClearRequests();
        var resumed = await new JinaVectorStoreIngestor<TKey>(target, v4).ReindexAsync(source);

        Assert.Equal(3, resumed.DocumentsSkipped);
        Assert.Equal(TestCorpus.All.Count - 3, emulator.Requests.Count);
        Assert.Equal((await ReadAllAsync(source)).Select(r => r.Key), (await ReadAllAsync(target)).Select(r => r.Key));
    }

    [Fact]
    public async Task IngestAsync_CancelledHalfWay_ResumesWithoutLossOrDuplicates()
    {
        await using var rig = await RigAsync();
        var (emulator, generator, store) = (rig.Emulator, rig.V3, rig.Store);
        var reference = await OpenAsync(store, "reference", generator);
        await new JinaVectorStoreIngestor<TKey>(reference, generator).IngestAsync(TestCorpus.All);
        var collection = await OpenAsync(store, "resumed", generator);
        var ingestor = new JinaVectorStoreIngestor<TKey>(collection, generator, new JinaIngestionOptions { MaxConcurrentDocuments = 1 });
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingestor.IngestAsync(
            TestCorpus.All,
            new SynchronousProgress<JinaIngestionProgress>(p =>
            {
                if (p.DocumentsProcessed == 2)
                {
                    cts.Cancel();
                }
            }),
            cts.Token));
        var resumed = await ingestor.IngestAsync(TestCorpus.All);

        Assert.Equal(2, resumed.DocumentsSkipped);
        CollectionSnapshot.AssertSame(await ReadAllAsync(reference), await ReadAllAsync(collection));
    }

    [Fact]
    public async Task DeleteDocumentAsync_IngestedDocument_RemovesEveryChunk()
    {
        await using var rig = await RigAsync();
        var (emulator, generator, store) = (rig.Emulator, rig.V3, rig.Store);
        var collection = await OpenAsync(store, "kb", generator);
        var ingestor = new JinaVectorStoreIngestor<TKey>(collection, generator, TestCorpus.ByLine);
        await ingestor.IngestAsync(TestCorpus.All);

        long removed = await ingestor.DeleteDocumentAsync(TestCorpus.ChatId);

        Assert.Equal(10, removed);
        Assert.DoesNotContain(await ReadAllAsync(collection), r => r.DocumentId == TestCorpus.ChatId);
    }

    [Fact]
    public async Task ReindexAsync_MoreDocumentsThanAPage_PagesThroughEveryOne()
    {
        // More documents than one page of the scans, so that re-index pages through document heads and never uses Skip.
        using var hash = new HashEmbeddingGenerator();
        var generator = hash.AsBuilder().ConfigureOptions(o => o.Dimensions ??= Dimensions).Build();
        var smaller = hash.AsBuilder().ConfigureOptions(o => o.Dimensions ??= 128).Build();
        var documents = Enumerable.Range(0, JinaChunkQueries.PageSize + 44)
            .Select(i => new JinaDocument($"note/{i}", $"Note {i} about the hangar schedule.", $"notes.txt#{i}"))
            .ToList();
        var store = new ConnectorVectorStore(Rules);
        var source = await OpenAsync(store, "notes", generator, Dimensions);
        await new JinaVectorStoreIngestor<TKey>(source, generator, new JinaIngestionOptions { Dimensions = Dimensions }).IngestAsync(documents);
        var target = await OpenAsync(store, "notes-copy", smaller, 128);

        var result = await new JinaVectorStoreIngestor<TKey>(target, smaller, new JinaIngestionOptions { Dimensions = 128 }).ReindexAsync(source);

        Assert.Equal(documents.Count, result.Documents);
        Assert.Equal(documents.Count, result.ChunksVerified);
        Assert.Equal(documents.Count, (await ReadAllAsync(target)).Select(r => r.DocumentId).Distinct().Count());
    }

    private async Task<Rig> RigAsync()
    {
        var emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions());
        return new Rig(
            emulator,
            Emulated.Generator(emulator, dimensions: Dimensions),
            Emulated.Generator(emulator, "jina-embeddings-v4", dimensions: 512),
            new ConnectorVectorStore(Rules));
    }

    private Task<VectorStoreCollection<TKey, JinaDocumentChunk<TKey>>> OpenAsync(
        ConnectorVectorStore store, string baseName, IEmbeddingGenerator<string, Embedding<float>> generator, int? dimensions = null) =>
        store.GetJinaCollectionAsync<TKey>(CollectionName(baseName), generator, dimensions, DistanceFunction);

    private static async Task<List<JinaDocumentChunk<TKey>>> ReadAllAsync(VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection)
    {
        // Read by document, the way the stores allow: heads by document number, then each document's chunks by index.
        var records = new List<JinaDocumentChunk<TKey>>();
        var options = new FilteredRecordRetrievalOptions<JinaDocumentChunk<TKey>> { IncludeVectors = true };
        await foreach (var head in JinaChunkQueries.ReadDocumentHeadsAsync(collection, CancellationToken.None))
        {
            string id = head.DocumentId;
            records.AddRange(await collection.GetAsync(r => r.DocumentId == id, 1000, options).ToListAsync());
        }

        return [.. records.DistinctBy(r => r.Key).OrderBy(r => r.DocumentId, StringComparer.Ordinal).ThenBy(r => r.ChunkIndex)];
    }

    /// <summary>The emulator, a v3 and a v4 generator over it, and a store double, for one test.</summary>
    private sealed record Rig(JinaApiEmulator Emulator, JinaEmbeddingGenerator V3, JinaEmbeddingGenerator V4, ConnectorVectorStore Store) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            V3.Dispose();
            V4.Dispose();
            await Emulator.DisposeAsync();
        }
    }
}
