using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// One ingestion through the Jina API client as the application code sees it: a generator, the late-chunking ingestor and
/// the in-memory store. It is compiled against the public surface that today's client and the new one share, so that
/// <see cref="RateLimitBenchmark"/> can run the same code against a build of either; only primitives cross into it.
/// </summary>
public static class IngestionRun
{
    /// <summary>The chunker options of every run: paragraphs, so that chunks are the size of a short passage.</summary>
    public static LateChunkerOptions ChunkerOptions => new() { Splitter = ChunkSplitter.Paragraphs };

    /// <summary>Ingests <paramref name="documents"/> and reads back how many chunks each one has in the store.</summary>
    /// <param name="endpoint">The API base address.</param>
    /// <param name="apiKey">The key.</param>
    /// <param name="dimensions">The vector size asked for.</param>
    /// <param name="documents">The documents, as id and text.</param>
    /// <param name="configure">Sets the generator's options (it receives the options object of whichever build runs this).</param>
    /// <returns>The chunks the ingestor wrote, the chunks stored per document, and the error that stopped it, if any.</returns>
    public static async Task<(long Written, int[] Stored, string? Error)> IngestAsync(
        Uri endpoint, string apiKey, int dimensions, IReadOnlyList<(string Id, string Text)> documents, Action<object> configure)
    {
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = apiKey, Endpoint = endpoint, Dimensions = dimensions };
        configure(options);
        using var generator = new JinaEmbeddingGenerator(options, httpClient: null);
        using var store = new InMemoryVectorStore();
        VectorStoreCollection<string, JinaDocumentChunk<string>> collection = store.GetCollection<string, JinaDocumentChunk<string>>(
            "benchmark", JinaDocumentChunk<string>.CreateCollectionDefinition(dimensions));
        var ingestor = new JinaVectorStoreIngestor<string>(collection, generator, new JinaIngestionOptions { Chunker = ChunkerOptions });

        long written = 0;
        string? error = null;
        try
        {
            JinaIngestionResult result = await ingestor.IngestAsync(documents.Select(d => new JinaDocument(d.Id, d.Text, "benchmark")));
            written = result.ChunksWritten;
        }
        catch (Exception ex)
        {
            // Today's client gives up on a rate limit: what it wrote before that is what the run stored.
            error = $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }

        var stored = new int[documents.Count];
        if (await collection.CollectionExistsAsync())
        {
            for (int i = 0; i < documents.Count; i++)
            {
                string id = documents[i].Id;
                await foreach (JinaDocumentChunk<string> _ in collection.GetAsync(r => r.DocumentId == id, 100_000))
                {
                    stored[i]++;
                }
            }
        }

        return (written, stored, error);
    }
}
