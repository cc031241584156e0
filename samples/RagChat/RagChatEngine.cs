using System.Globalization;
using System.Numerics.Tensors;
using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Jina.VectorData.InMemory;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.ML.Tokenizers;

namespace RagChat;

/// <summary>The testable core of RagChat: ingests documents with late chunking and answers questions from them.</summary>
/// <remarks>
/// Passages are embedded with <c>retrieval.passage</c> and late chunking; questions with <c>retrieval.query</c> through the
/// collection's search generator. Search is hybrid (keywords and vectors) with the chunks around each hit by default
/// (<see cref="SearchSettings"/>). With a chat client the answer comes from an Agent Framework agent whose search runs before
/// each model call (RagChatEngine.Agent.cs); without one the answer is extractive: the best passages, labelled as such. With an
/// index file the store is kept on disk, so a second start embeds only what changed (RagChatEngine.Index.cs).
/// </remarks>
internal sealed partial class RagChatEngine : IDisposable
{
    /// <summary>The name of the collection the corpus is ingested into.</summary>
    public const string CollectionName = "ragchat";

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly Tokenizer? _tokenizer;
    private readonly InMemoryVectorStore _store;
    private readonly VectorStoreCollection<string, JinaDocumentChunk<string>> _collection;
    private readonly JinaVectorStoreIngestor<string> _ingestor;
    private readonly ChatClientAgent? _agent;
    private readonly JinaReranker? _reranker;

    private RagChatEngine(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chatClient,
        InMemoryVectorStore store,
        VectorStoreCollection<string, JinaDocumentChunk<string>> collection,
        int? dimensions,
        EngineDescription description,
        SearchSettings search,
        JinaReranker? reranker)
    {
        _generator = generator;
        _tokenizer = generator.GetService<EmbeddingModelCapabilities>()?.Tokenizer;
        _store = store;
        _collection = collection;
        _reranker = reranker;
        Description = description;
        Search = search;
        _ingestor = new JinaVectorStoreIngestor<string>(collection, generator, new JinaIngestionOptions
        {
            Dimensions = dimensions,
            // One chunk per line: a chat transcript becomes one chunk per message, as in the seed article; a long line
            // (a paragraph of a --docs file) is split further at sentence boundaries by the chunker.
            Chunker = new LateChunkerOptions { Splitter = ChunkSplitter.Lines },
        });

        _agent = chatClient is null ? null : CreateAgent(chatClient, collection, search, reranker);
    }

    /// <summary>Gets which engine, model and size are in use.</summary>
    public EngineDescription Description { get; }

    /// <summary>Gets how questions are searched.</summary>
    public SearchSettings Search { get; }

    /// <summary>Creates the engine over a vector store held in memory, and kept in <paramref name="indexPath"/> if one is given.</summary>
    /// <param name="generator">The embedding generator (the Jina API or the local engine); tasks are set per role here.</param>
    /// <param name="chatClient">A chat client for generated answers, or null for extractive answers.</param>
    /// <param name="dimensions">The Matryoshka size, or null for the model's default.</param>
    /// <param name="chatModel">The chat model's name, shown at start.</param>
    /// <param name="search">How to search, or null for <see cref="SearchSettings.Default"/> (hybrid with one neighbour each side).</param>
    /// <param name="reranker">Jina's reranker, for settings that rerank (not disposed here), or null.</param>
    /// <param name="indexPath">The index file (a SQLite database), or null to keep the index in memory only.</param>
    /// <param name="reindex">True to drop what the index file holds and build it again.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <exception cref="JinaEmbeddingMismatchException">The index was built with another engine, model or size.</exception>
    public static async Task<RagChatEngine> CreateAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chatClient = null,
        int? dimensions = null,
        string? chatModel = null,
        SearchSettings? search = null,
        JinaReranker? reranker = null,
        string? indexPath = null,
        bool reindex = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (search?.Rerank == true && reranker is null)
        {
            throw new ArgumentException("Searching with reranking needs Jina's reranker.", nameof(reranker));
        }

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
            var collection = await store.GetJinaCollectionAsync<string>(CollectionName, generator, dimensions, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new RagChatEngine(generator, chatClient, store, collection, dimensions, description, search ?? SearchSettings.Default, reranker);
        }
        catch
        {
            store.Dispose();
            throw;
        }
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
        if (_agent is null)
        {
            var passages = await SearchAsync(question, top, cancellationToken).ConfigureAwait(false);
            var text = passages.Count == 0
                ? "Nothing in the documents matches that question."
                : "No chat model is configured, so this is an extractive answer: the passages that match the question best.\n\n" +
                  string.Join("\n", passages.Select((p, i) => $"{i + 1}. {p.Text.Trim()} [{p.Source}]"));
            return new RagAnswer(text, passages, FromChatModel: false);
        }

        return await AskAgentAsync(_agent, question, top, cancellationToken).ConfigureAwait(false);
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
        return _collection.SearchPassagesAsync(question, search.ToOptions(top, _reranker), cancellationToken);
    }

    /// <summary>Gets a value indicating whether <see cref="MeasureText"/> counts the model's tokens (its tokenizer is known) rather than characters.</summary>
    public bool CountsTokens => _tokenizer is not null;

    /// <summary>Measures a text: its tokens when the model's tokenizer is known, its characters otherwise.</summary>
    public int MeasureText(string text) => _tokenizer?.CountTokens(text) ?? text.Length;

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
        var chunks = new List<JinaDocumentChunk<string>>();
        var all = new FilteredRecordRetrievalOptions<JinaDocumentChunk<string>> { IncludeVectors = true };
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

    private static CitedPassage ToPassage(JinaDocumentChunk<string> chunk, double score) =>
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
}
