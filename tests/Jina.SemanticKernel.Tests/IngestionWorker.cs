using Jina.SemanticKernel.Tests.Support;
using Jina.Testing;
using Jina.VectorData.InMemory;

namespace Jina.SemanticKernel.Tests;

/// <summary>This test assembly run as a program: the ingestion the crash-safety tests kill part-way.</summary>
/// <remarks>
/// <c>dotnet Jina.SemanticKernel.Tests.dll ingest &lt;database&gt;</c> ingests <see cref="CrashCorpus"/> into collection "docs" of a store kept
/// in the database (Guid chunk keys), with the deterministic hash embedder, printing "doc ID" after each document and "finished DOCUMENTS SKIPPED" at the end.
/// </remarks>
public static class IngestionWorker
{
    public const string CollectionName = "docs";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["ingest", var path])
        {
            await Console.Error.WriteLineAsync("usage: ingest <database>");
            return 2;
        }

        using var generator = new HashEmbeddingGenerator();
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = path });
        var collection = await store.GetJinaCollectionAsync<Guid>(CollectionName, generator);
        var ingestor = new JinaVectorStoreIngestor<Guid>(collection, generator, CrashCorpus.Options);
        var result = await ingestor.IngestAsync(
            CrashCorpus.Documents,
            new SynchronousProgress<JinaIngestionProgress>(p => Console.WriteLine($"doc {p.DocumentId}")));
        Console.WriteLine($"finished {result.Documents} {result.DocumentsSkipped}");
        return 0;
    }
}
