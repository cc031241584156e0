using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;
using Jina.VectorData.InMemory.Internal;

namespace Jina.SemanticKernel.Tests;

/// <summary>This test assembly run as a program: the ingestion the crash-safety tests kill part-way.</summary>
/// <remarks>
/// <c>dotnet Jina.SemanticKernel.Tests.dll ingest &lt;database&gt;</c> ingests <see cref="CrashCorpus"/> into collection "docs" of a store kept
/// in the database (Guid chunk keys), with the deterministic hash embedder, printing "doc ID" after each document and "finished DOCUMENTS SKIPPED" at the end.
/// <c>ingest &lt;database&gt; stop-in-second-write-after &lt;ID&gt;</c> prints "inside" as the second write after document ID is about to
/// commit, and waits there to be killed.
/// </remarks>
public static class IngestionWorker
{
    public const string CollectionName = "docs";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["ingest", var path, ..var rest] || rest is not ([] or ["stop-in-second-write-after", _]))
        {
            await Console.Error.WriteLineAsync("usage: ingest <database> [stop-in-second-write-after <document id>]");
            return 2;
        }

        var stopAfter = rest is [_, var id] ? id : null;

        using var generator = new HashEmbeddingGenerator();
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = path });
        var collection = await store.GetJinaCollectionAsync<Guid>(CollectionName, generator);
        var ingestor = new JinaVectorStoreIngestor<Guid>(collection, generator, CrashCorpus.Options);
        var result = await ingestor.IngestAsync(
            CrashCorpus.Documents,
            new SynchronousProgress<JinaIngestionProgress>(p =>
            {
                Console.WriteLine($"doc {p.DocumentId}");
                if (p.DocumentId == stopAfter)
                {
                    // Documents are written in input order, so the next writes are the next document's upsert calls.
                    var commits = 0;
                    SqliteStoreDatabase.BeforeCommit = () =>
                    {
                        if (++commits == 2)
                        {
                            Console.WriteLine("inside");
                            Thread.Sleep(Timeout.Infinite);
                        }
                    };
                }
            }));
        Console.WriteLine($"finished {result.Documents} {result.DocumentsSkipped}");
        return 0;
    }
}
