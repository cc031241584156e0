using System.Numerics.Tensors;
using System.Text.Json;
using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.SemanticKernel;

namespace RagChat;

/// <summary>The testable core of RagChat: ingests documents with late chunking and answers questions from them.</summary>
/// <remarks>
/// Passages are embedded with <c>retrieval.passage</c> and late chunking; questions with <c>retrieval.query</c> through the
/// collection's search generator. With an index file the store is kept on disk, so a second start embeds only what changed. With a chat client the answer comes from the model, which calls the kernel's search plugin
/// as a tool; without one the answer is extractive: the best passages, labelled as such.
/// </remarks>
internal sealed class RagChatEngine : IDisposable
{
    /// <summary>The name of the collection the corpus is ingested into.</summary>
    public const string CollectionName = "ragchat";

    private const string SystemPrompt =
        "You answer questions about the user's documents. Always call the search tool first, then answer only from the passages " +
        "it returns, briefly, in the language of the question. Cite each passage you use by its source in square brackets, " +
        "for example [Lightsaber FAQ (en) #5]. If the passages do not contain the answer, say so.";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly InMemoryVectorStore _store;
    private readonly IChatClient? _chatClient;
    private readonly VectorStoreCollection<string, JinaDocumentChunk> _collection;
    private readonly JinaVectorStoreIngestor _ingestor;
    private readonly Kernel _kernel;
    private readonly AsyncLocal<List<(string DocumentId, int ChunkIndex, double Score)>?> _calls = new();

    private RagChatEngine(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chatClient,
        InMemoryVectorStore store,
        VectorStoreCollection<string, JinaDocumentChunk> collection,
        int? dimensions,
        EngineDescription description)
    {
        _generator = generator;
        _store = store;
        _collection = collection;
        Description = description;
        _ingestor = new JinaVectorStoreIngestor(collection, generator, new JinaIngestionOptions
        {
            Dimensions = dimensions,
            // One chunk per line: a chat transcript becomes one chunk per message, as in the seed article; a long line
            // (a paragraph of a --docs file) is split further at sentence boundaries by the chunker.
            Chunker = new LateChunkerOptions { Splitter = ChunkSplitter.Lines },
        });

        _kernel = new Kernel();
        _kernel.Plugins.Add(JinaSearchPlugin.CreateKernelPlugin(collection));
        _chatClient = chatClient?.AsBuilder().UseFunctionInvocation().Build();
    }

    /// <summary>Gets which engine, model and size are in use.</summary>
    public EngineDescription Description { get; }

    /// <summary>Creates the engine over a vector store held in memory, and kept in <paramref name="indexPath"/> if one is given.</summary>
    /// <param name="generator">The embedding generator (the Jina API or the local engine); tasks are set per role here.</param>
    /// <param name="chatClient">A chat client for generated answers, or null for extractive answers.</param>
    /// <param name="dimensions">The Matryoshka size, or null for the model's default.</param>
    /// <param name="chatModel">The chat model's name, shown at start.</param>
    /// <param name="indexPath">The index file (a SQLite database), or null to keep the index in memory only.</param>
    /// <param name="reindex">True to drop what the index file holds and build it again.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <exception cref="JinaEmbeddingMismatchException">The index was built with another engine, model or size.</exception>
    public static async Task<RagChatEngine> CreateAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chatClient = null,
        int? dimensions = null,
        string? chatModel = null,
        string? indexPath = null,
        bool reindex = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var capabilities = generator.GetService<EmbeddingModelCapabilities>();
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        if (dimensions is int d && capabilities is { MinDimensions: int min, MaxDimensions: int max } && (d < min || d > max))
        {
            throw new ArgumentOutOfRangeException(
                nameof(dimensions), d, $"{capabilities.ModelId} returns {min} to at most {max} dimensions; pass --dimensions between {min} and {max}.");
        }

        var description = new EngineDescription(
            metadata?.ProviderName == "jina" ? "Jina API" : $"local {metadata?.ProviderName ?? "engine"}",
            capabilities?.ModelId ?? metadata?.DefaultModelId ?? "unknown model",
            dimensions ?? capabilities?.DefaultDimensions ?? metadata?.DefaultModelDimensions ?? 0,
            chatModel);

        if (dimensions is int size)
        {
            // Every call asks for the chosen size: the passage vectors at ingestion and the query vectors of searches alike.
            generator = generator.AsBuilder().ConfigureOptions(o => o.Dimensions ??= size).Build();
        }

        var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = indexPath });
        try
        {
            if (reindex)
            {
                await store.EnsureCollectionDeletedAsync(CollectionName, cancellationToken).ConfigureAwait(false);
            }

            // The migration guard: an index of another model or size is refused here, before anything is embedded.
            var collection = await store.GetJinaCollectionAsync(CollectionName, generator, dimensions, cancellationToken).ConfigureAwait(false);
            return new RagChatEngine(generator, chatClient, store, collection, dimensions, description);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Brings the index up to date with the documents: new and edited ones are embedded, unchanged ones skipped, removed ones dropped.</summary>
    public async Task<IndexUpdate> SyncAsync(
        IReadOnlyList<CorpusDocument> documents,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var result = await IngestAsync(documents, progress, cancellationToken).ConfigureAwait(false);

        var current = documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        await foreach (var first in _collection.GetAsync(r => r.ChunkIndex == 0, int.MaxValue, null, cancellationToken).ConfigureAwait(false))
        {
            if (!current.Contains(first.DocumentId))
            {
                removed.Add(first.DocumentId);
            }
        }

        foreach (var documentId in removed)
        {
            _ = await _ingestor.DeleteDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        }

        return new IndexUpdate(result.DocumentsSkipped, result.Documents - result.DocumentsSkipped, removed.Count, result.ChunksWritten, result.Tokens);
    }

    /// <summary>Closes the index file, if any.</summary>
    public void Dispose() => _store.Dispose();

    /// <summary>Ingests documents: late-chunked passages upserted into the collection; re-ingesting replaces a document's chunks.</summary>
    public Task<JinaIngestionResult> IngestAsync(
        IEnumerable<CorpusDocument> documents,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return _ingestor.IngestAsync(documents.Select(d => new JinaDocument(d.Id, d.Text, d.Source)), progress, cancellationToken);
    }

    /// <summary>Answers a question from the ingested documents.</summary>
    public async Task<RagAnswer> AskAsync(string question, int top = 3, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        if (_chatClient is null)
        {
            var passages = await SearchAsync(question, top, cancellationToken).ConfigureAwait(false);
            var text = passages.Count == 0
                ? "Nothing in the documents matches that question."
                : "No chat model is configured, so this is an extractive answer: the passages that match the question best.\n\n" +
                  string.Join("\n", passages.Select((p, i) => $"{i + 1}. {p.Text.Trim()} [{p.Source}]"));
            return new RagAnswer(text, passages, FromChatModel: false);
        }

        var calls = new List<(string DocumentId, int ChunkIndex, double Score)>();
        _calls.Value = calls;
        try
        {
            var options = new ChatOptions
            {
                Tools = [.. _kernel.Plugins[JinaSearchPlugin.DefaultPluginName].AsAIFunctions(_kernel).Select(f => new CapturingFunction(f, _calls))],
            };
            var response = await _chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, SystemPrompt), new ChatMessage(ChatRole.User, question)],
                options,
                cancellationToken).ConfigureAwait(false);

            var cited = new List<CitedPassage>();
            foreach (var call in calls.DistinctBy(c => (c.DocumentId, c.ChunkIndex)).OrderByDescending(c => c.Score))
            {
                if (await FindAsync(call.DocumentId, call.ChunkIndex, call.Score, cancellationToken).ConfigureAwait(false) is { } passage)
                {
                    cited.Add(passage);
                }
            }

            return new RagAnswer(response.Text, cited, FromChatModel: true);
        }
        finally
        {
            _calls.Value = null;
        }
    }

    /// <summary>Finds the passages closest to a question, embedded with the query task.</summary>
    public async Task<IReadOnlyList<CitedPassage>> SearchAsync(string question, int top, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var passages = new List<CitedPassage>(top);
        await foreach (var hit in _collection.SearchAsync(question, top, null, cancellationToken).ConfigureAwait(false))
        {
            passages.Add(ToPassage(hit.Record, hit.Score ?? 0));
        }

        return passages;
    }

    /// <summary>Ranks every stored chunk for a question twice: embedded one by one, and as stored (late-chunked).</summary>
    /// <remarks>Shows what late chunking buys: a message such as "How about this place, Bella Italia?" only answers a question
    /// about restaurants in the context of the whole conversation.</remarks>
    public async Task<RankingComparison> CompareAsync(string question, int top, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var chunks = new List<JinaDocumentChunk>();
        var all = new FilteredRecordRetrievalOptions<JinaDocumentChunk> { IncludeVectors = true };
        await foreach (var chunk in _collection.GetAsync(r => r.ChunkIndex >= 0, int.MaxValue, all, cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(chunk);
        }

        // The generator already asks for the chosen size (CreateAsync), so only the task differs between the two roles.
        var passageOptions = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage);
        var queryOptions = new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalQuery);
        var query = (await _generator.GenerateAsync([question], queryOptions, cancellationToken).ConfigureAwait(false))[0].Vector;
        var alone = await _generator.GenerateAsync(chunks.Select(c => c.Text), passageOptions, cancellationToken).ConfigureAwait(false);

        var oneByOne = chunks
            .Select((c, i) => ToPassage(c, TensorPrimitives.CosineSimilarity(query.Span, alone[i].Vector.Span)))
            .OrderByDescending(p => p.Score).Take(top).ToList();
        var late = chunks
            .Select(c => ToPassage(c, TensorPrimitives.CosineSimilarity(query.Span, c.Vector.Span)))
            .OrderByDescending(p => p.Score).Take(top).ToList();
        return new RankingComparison(question, oneByOne, late);
    }

    private async Task<CitedPassage?> FindAsync(string documentId, int chunkIndex, double score, CancellationToken cancellationToken)
    {
        var record = await _collection.GetAsync(JinaDocumentChunk.CreateKey(documentId, chunkIndex), null, cancellationToken).ConfigureAwait(false);
        return record is null ? null : ToPassage(record, score);
    }

    private static CitedPassage ToPassage(JinaDocumentChunk chunk, double score) =>
        new(chunk.Text, chunk.Source ?? chunk.DocumentId, score, chunk.DocumentId, chunk.ChunkIndex, chunk.Start, chunk.Length);

    /// <summary>Wraps the search plugin's function to record what it returned to the chat model during one question.</summary>
    private sealed class CapturingFunction(AIFunction inner, AsyncLocal<List<(string DocumentId, int ChunkIndex, double Score)>?> calls)
        : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
            // Semantic Kernel hands the plugin's results to the model serialised: read back which chunks it saw.
            if (calls.Value is { } list && result is JsonElement { ValueKind: JsonValueKind.Array } array)
            {
                foreach (var hit in array.EnumerateArray())
                {
                    if (hit.TryGetProperty("documentId", out var id) && hit.TryGetProperty("chunkIndex", out var index))
                    {
                        var score = hit.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
                        lock (list)
                        {
                            list.Add((id.GetString() ?? string.Empty, index.GetInt32(), score));
                        }
                    }
                }
            }

            return result;
        }
    }
}
