using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;

namespace Jina.SemanticKernel.Tests;

/// <summary>An ingestion into a store kept in a database, killed part-way, is completed by the next run without loss or duplicates.</summary>
public sealed partial class JinaVectorStoreIngestorTests
{
    private static readonly TimeSpan s_workerTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task IngestAsync_ProcessKilledAtSeveralPointsIncludingInsideABatch_NextRunCompletesWithoutLossOrDuplicates()
    {
        using var folder = new TempDirectory();
        var database = folder.Combine("index.db");
        var large = CrashCorpus.Documents[CrashCorpus.Large].Id;
        var beforeLarge = CrashCorpus.Documents[CrashCorpus.Large - 1].Id;

        // 1. Killed once the first document is written.
        using (var worker = StartIngestion(database))
        {
            await worker.WaitForLineAsync(l => l.StartsWith("doc ", StringComparison.Ordinal), s_workerTimeout);
            worker.Kill();
        }

        await AssertWholeUpsertsAsync(database);

        // 2. Killed inside the second upsert call of the large document: its first batch is stored, the second was in flight.
        using (var worker = WorkerProcess.Start(typeof(IngestionWorker).Assembly, "ingest", database, "stop-in-second-write-after", beforeLarge))
        {
            await worker.WaitForLineAsync(l => l == "inside", s_workerTimeout);
            Assert.True(TempDirectory.JournalLength(database) > 0, "The worker was meant to stop inside an upsert call. " + worker.Describe());
            worker.Kill();
            Assert.DoesNotContain($"doc {large}", worker.Lines);
        }

        var partial = await AssertWholeUpsertsAsync(database);
        Assert.InRange(partial.GetValueOrDefault(large), CrashCorpus.UpsertBatchSize, (CrashCorpus.UpsertBatchSize * CrashCorpus.LargeBatches) - 1);

        // 3. Killed again a few documents later.
        using (var worker = StartIngestion(database))
        {
            await worker.WaitForLineAsync(l => l == $"doc {CrashCorpus.Documents[CrashCorpus.Large + 2].Id}", s_workerTimeout);
            worker.Kill();
        }

        var stored = await AssertWholeUpsertsAsync(database);

        // 4. The next run skips every complete document and writes the rest.
        using (var worker = StartIngestion(database))
        {
            Assert.Equal(0, await worker.WaitForExitAsync(s_workerTimeout));
            var complete = CrashCorpus.Documents.Count(d => stored.GetValueOrDefault(d.Id) == ChunkCount(d));
            Assert.Contains($"finished {CrashCorpus.Count} {complete}", worker.Lines);
        }

        using var generator = new HashEmbeddingGenerator();
        using var reference = new InMemoryVectorStore();
        var expected = await reference.GetJinaCollectionAsync<Guid>(IngestionWorker.CollectionName, generator);
        await new JinaVectorStoreIngestor<Guid>(expected, generator, CrashCorpus.Options).IngestAsync(CrashCorpus.Documents);
        using var reopened = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = database });
        var actual = await reopened.GetJinaCollectionAsync<Guid>(IngestionWorker.CollectionName, generator);
        CollectionSnapshot.AssertSame(await CollectionSnapshot.ReadAsync(expected), await CollectionSnapshot.ReadAsync(actual));
    }

    private static WorkerProcess StartIngestion(string database) => WorkerProcess.Start(typeof(IngestionWorker).Assembly, "ingest", database);

    private static int ChunkCount(JinaDocument document) => document.Text.Split('\n').Length;

    /// <summary>Checks that each document holds a whole number of upsert calls of chunks 0..n, each as the worker wrote it.</summary>
    /// <returns>The number of chunks stored per document.</returns>
    private static async Task<Dictionary<string, int>> AssertWholeUpsertsAsync(string database)
    {
        using var generator = new HashEmbeddingGenerator();
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = database });
        var collection = await store.GetJinaCollectionAsync<Guid>(IngestionWorker.CollectionName, generator);
        var chunks = await CollectionSnapshot.ReadAsync(collection);
        var counts = new Dictionary<string, int>();
        foreach (var document in chunks.GroupBy(c => c.DocumentId))
        {
            var source = CrashCorpus.Documents.Single(d => d.Id == document.Key);
            var stored = document.OrderBy(c => c.ChunkIndex).ToList();
            Assert.Equal(Enumerable.Range(0, stored.Count), stored.Select(c => c.ChunkIndex));
            Assert.True(
                stored.Count == ChunkCount(source) || stored.Count % CrashCorpus.UpsertBatchSize == 0,
                $"Document {document.Key} holds {stored.Count} chunks: not whole upsert calls.");
            Assert.All(stored, c => Assert.Equal(source.Text.Substring(c.Start, c.Length), c.Text));
            counts[document.Key] = stored.Count;
        }

        return counts;
    }
}
