using System.Globalization;
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
/// collection's search generator. Search is hybrid (keywords and vectors) with the chunks around each hit by default
/// (<see cref="SearchSettings"/>). With a chat client the answer comes from the model, which calls the kernel's search plugin
/// as a tool; without one the answer is extractive: the best passages, labelled as such.
/// </remarks>
internal sealed class RagChatEngine
{
    /// <summary>The name of the collection the corpus is ingested into.</summary>
    public const string CollectionName = "ragchat";

    private const string SystemPrompt =
        "You answer questions about the user's documents. Always call the search tool first, then answer only from the passages " +
        "it returns, briefly, in the language of the question. Cite each passage you use by its source in square brackets, " +
        "for example [Lightsaber FAQ (en) #5]. If the passages do not contain the answer, say so.";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly IChatClient? _chatClient;
    private readonly VectorStoreCollection<string, JinaDocumentChunk> _collection;
    private readonly JinaVectorStoreIngestor _ingestor;
    private readonly Kernel _kernel;
    private readonly AsyncLocal<List<CitedPassage>?> _calls = new();

    private RagChatEngine(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chatClient,
        VectorStoreCollection<string, JinaDocumentChunk> collection,
        int? dimensions,
        EngineDescription description,
        SearchSettings search)
    {
        _generator = generator;
        _collection = collection;
        Description = description;
        Search = search;
        _ingestor = new JinaVectorStoreIngestor(collection, generator, new JinaIngestionOptions
        {
            Dimensions = dimensions,
            // One chunk per line: a chat transcript becomes one chunk per message, as in the seed article; a long line
            // (a paragraph of a --docs file) is split further at sentence boundaries by the chunker.
            Chunker = new LateChunkerOptions { Splitter = ChunkSplitter.Lines },
        });

        _kernel = new Kernel();
        _kernel.Plugins.Add(JinaSearchPlugin.CreateKernelPlugin(collection, new JinaPassageSearchOptions { Mode = search.Mode, NeighborChunks = search.Neighbors }));
        _chatClient = chatClient?.AsBuilder().UseFunctionInvocation().Build();
    }

    /// <summary>Gets which engine, model and size are in use.</summary>
    public EngineDescription Description { get; }

    /// <summary>Gets how questions are searched.</summary>
    public SearchSettings Search { get; }

    /// <summary>Creates the engine over a new in-memory vector store.</summary>
    /// <param name="generator">The embedding generator (the Jina API or the local engine); tasks are set per role here.</param>
    /// <param name="chatClient">A chat client for generated answers, or null for extractive answers.</param>
    /// <param name="dimensions">The Matryoshka size, or null for the model's default.</param>
    /// <param name="chatModel">The chat model's name, shown at start.</param>
    /// <param name="search">How to search, or null for <see cref="SearchSettings.Default"/> (hybrid with one neighbour each side).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    public static async Task<RagChatEngine> CreateAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chatClient = null,
        int? dimensions = null,
        string? chatModel = null,
        SearchSettings? search = null,
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

        var store = new InMemoryVectorStore();
        var collection = await store.GetJinaCollectionAsync(CollectionName, generator, dimensions, cancellationToken).ConfigureAwait(false);
        return new RagChatEngine(generator, chatClient, collection, dimensions, description, search ?? SearchSettings.Default);
    }

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

        var calls = new List<CitedPassage>();
        _calls.Value = calls;
        try
        {
            var options = new ChatOptions
            {
                Tools = [.. _kernel.Plugins[JinaSearchPlugin.DefaultPluginName].AsAIFunctions(_kernel).Select(f => new CapturingFunction(f, _calls, Search))],
            };
            var response = await _chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, SystemPrompt), new ChatMessage(ChatRole.User, question)],
                options,
                cancellationToken).ConfigureAwait(false);

            var cited = calls.DistinctBy(c => (c.DocumentId, c.Start, c.Length)).OrderByDescending(c => c.Score).ToList();
            return new RagAnswer(response.Text, cited, FromChatModel: true);
        }
        finally
        {
            _calls.Value = null;
        }
    }

    /// <summary>Finds the passages that answer a question best, searched as <see cref="Search"/> says.</summary>
    public async Task<IReadOnlyList<CitedPassage>> SearchAsync(string question, int top, CancellationToken cancellationToken = default)
    {
        var passages = await SearchPassagesAsync(question, top, Search, cancellationToken).ConfigureAwait(false);
        return [.. passages.Select(ToPassage)];
    }

    /// <summary>Runs the passage search with the given settings: the question embedded with the query task, then the chunks around each hit.</summary>
    public Task<IReadOnlyList<JinaPassage>> SearchPassagesAsync(string question, int top, SearchSettings search, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(search);
        return _collection.SearchPassagesAsync(question, new() { Top = top, Mode = search.Mode, NeighborChunks = search.Neighbors }, cancellationToken);
    }

    /// <summary>Returns whether the index holds a document's chunk (found by its data, not its key).</summary>
    public async Task<bool> HasChunkAsync(string documentId, int chunkIndex, CancellationToken cancellationToken = default)
    {
        await foreach (var _ in _collection.GetAsync(c => c.DocumentId == documentId && c.ChunkIndex == chunkIndex, 1, null, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
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

    private static CitedPassage ToPassage(JinaDocumentChunk chunk, double score) =>
        new(chunk.Text, chunk.Source ?? chunk.DocumentId, score, chunk.DocumentId, chunk.ChunkIndex, chunk.Start, chunk.Length);

    private static CitedPassage ToPassage(JinaPassage passage)
    {
        var hits = passage.Chunks.Count(c => c.Score.HasValue);
        var neighbors = passage.Chunks.Count - hits;
        var foundBy = string.Create(CultureInfo.InvariantCulture, $"{passage.Stage.ToString().ToLowerInvariant()} #{passage.Rank}")
            + (hits > 1 ? string.Create(CultureInfo.InvariantCulture, $" and {hits - 1} more hit{(hits > 2 ? "s" : "")}") : string.Empty)
            + (neighbors > 0 ? string.Create(CultureInfo.InvariantCulture, $" + {neighbors} neighbour{(neighbors > 1 ? "s" : "")}") : string.Empty);
        return new(passage.Text, passage.Source ?? passage.DocumentId, passage.Score ?? 0, passage.DocumentId, passage.Hit.ChunkIndex, passage.Start, passage.Length)
        {
            FirstChunkIndex = passage.Chunks[0].ChunkIndex,
            LastChunkIndex = passage.Chunks[^1].ChunkIndex,
            FoundBy = foundBy,
        };
    }

    /// <summary>Wraps the search plugin's function to record what it returned to the chat model during one question.</summary>
    private sealed class CapturingFunction(AIFunction inner, AsyncLocal<List<CitedPassage>?> calls, SearchSettings search)
        : DelegatingAIFunction(inner)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
            // Semantic Kernel hands the plugin's results to the model serialised: read back the passages it saw.
            if (calls.Value is { } list && result is JsonElement { ValueKind: JsonValueKind.Array } array)
            {
                foreach (var hit in array.EnumerateArray())
                {
                    if (hit.TryGetProperty("documentId", out var id) && hit.TryGetProperty("chunkIndex", out var index))
                    {
                        var score = hit.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
                        var passage = new CitedPassage(
                            hit.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty,
                            hit.TryGetProperty("source", out var source) ? source.GetString() ?? string.Empty : string.Empty,
                            score,
                            id.GetString() ?? string.Empty,
                            index.GetInt32(),
                            hit.TryGetProperty("start", out var start) ? start.GetInt32() : 0,
                            hit.TryGetProperty("length", out var length) ? length.GetInt32() : 0)
                        {
                            FoundBy = $"search tool ({search})",
                        };
                        lock (list)
                        {
                            list.Add(passage);
                        }
                    }
                }
            }

            return result;
        }
    }
}
