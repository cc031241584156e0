using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Represents an ingestor that late-chunks documents, embeds the chunks as passages and keeps them in a vector store collection.</summary>
/// <typeparam name="TKey">The key type of the collection's records: <see cref="Guid"/> or <see cref="string"/> (see <see cref="JinaChunkKeys"/>).</typeparam>
/// <remarks>
/// <para>
/// Chunk keys derive from the document id and chunk index, so ingesting a document again replaces its chunks, and whatever
/// else the collection holds for that document (the tail of a longer version, chunks written under another key scheme) is
/// removed. A document whose stored chunks are complete and carry the same text hash, embedding stamp and keys is skipped:
/// running an interrupted ingestion again resumes it without loss or duplicates. A document's chunks are found with filters on
/// <see cref="JinaDocumentChunk{TKey}.DocumentId"/> and <see cref="JinaDocumentChunk{TKey}.ChunkIndex"/> only, so any MEVD
/// connector that filters and orders on indexed data properties serves every operation.
/// </para>
/// <para>
/// The collection's embedding stamp (model and dimensions) is checked first: a collection built with another model or size
/// is refused with a <see cref="JinaEmbeddingMismatchException"/>; <see cref="ReindexAsync"/> moves its texts to a new one.
/// </para>
/// </remarks>
public sealed partial class JinaVectorStoreIngestor<TKey>
    where TKey : notnull
{
    private readonly VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> _collection;
    private readonly LateChunker _chunker;
    private readonly JinaIngestionOptions _options;
    private readonly ILogger _logger;
    private readonly ChunkRecordFactory<TKey> _records;

    /// <summary>Initializes a new instance of the <see cref="JinaVectorStoreIngestor{TKey}"/> class.</summary>
    /// <param name="collection">The collection the chunks go to, opened with <see cref="JinaDocumentChunk{TKey}.CreateCollectionDefinition"/>.</param>
    /// <param name="generator">The embedding generator; the late chunker calls it with <c>retrieval.passage</c> and <c>late_chunking=true</c>.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">
    /// The generator's vector length is unknown and <see cref="JinaIngestionOptions.Dimensions"/> is not set, or the chunker's
    /// embedding options ask for another model or size than the one the chunks are stamped with.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> is neither <see cref="Guid"/> nor <see cref="string"/>.</exception>
    /// <exception cref="InvalidOperationException">The generator's pipeline caches embeddings and its provider is neither <c>JinaEmbeddingGenerator</c> nor <c>OnnxEmbeddingGenerator</c>, so late-chunked requests cannot be sent past the cache.</exception>
    public JinaVectorStoreIngestor(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        JinaIngestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(generator);
        JinaChunkKeys.EnsureSupported(typeof(TKey));
        _options = options ?? new JinaIngestionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.UpsertBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrentDocuments, 1, nameof(options));

        Stamp = JinaEmbeddingStamp.ForIngestion(generator, _options.Dimensions);

        // The chunker's request options reach the generator: vectors of another size or model than the stamp would only be refused
        // after a document was embedded, under a message about the collection.
        if (_options.Chunker?.EmbeddingOptions is { } requested &&
            ((requested.Dimensions is { } asked && asked != Stamp.Dimensions) ||
             (requested.ModelId is { } model && !string.Equals(model, Stamp.ModelId, StringComparison.Ordinal))))
        {
            throw new ArgumentException(
                $"JinaIngestionOptions.Chunker.EmbeddingOptions asks for {requested.ModelId ?? Stamp.ModelId} ({requested.Dimensions ?? Stamp.Dimensions} dimensions), " +
                $"but the chunks would be stamped {Stamp}. Configure the generator for that model and size, or set JinaIngestionOptions.Dimensions to match.",
                nameof(options));
        }

        _collection = collection;
        // The token counter sits in front of the chunker, so the cache is stepped over here, before the chunker would.
        _chunker = new LateChunker(new TokenCountingEmbeddingGenerator(CacheBypass.Bypass(generator, "JinaVectorStoreIngestor")), _options.Chunker);
        // The passage role is the generator itself for a model without tasks (v2): its chunks are stamped with no task.
        _records = new ChunkRecordFactory<TKey>(
            collection.Name, Stamp, ReferenceEquals(generator.AsPassageGenerator(), generator) ? null : JinaTask.RetrievalPassage.Value);
        _logger = _options.LoggerFactory?.CreateLogger<JinaVectorStoreIngestor<TKey>>() ?? NullLogger<JinaVectorStoreIngestor<TKey>>.Instance;
    }

    /// <summary>Gets the embedding stamp the ingested chunks carry.</summary>
    public JinaEmbeddingStamp Stamp { get; }

    /// <summary>Gets the collection the chunks go to.</summary>
    public VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> Collection => _collection;

    /// <summary>Ingests documents: chunks and embeds each one, upserts its chunks and removes its stale ones.</summary>
    /// <param name="documents">The documents; ids must be unique.</param>
    /// <param name="progress">Receives a report after each document, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with; what was written stays, and a new run resumes from it.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentException">A document is null, has no id or no text, its id appears twice, or its id cannot make a key (see <see cref="JinaChunkKeys"/>).</exception>
    /// <exception cref="JinaEmbeddingMismatchException">The collection holds vectors of another model or size.</exception>
    public Task<JinaIngestionResult> IngestAsync(
        IEnumerable<JinaDocument> documents,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return IngestAsync(documents.ToAsyncEnumerable(), progress, cancellationToken);
    }

    /// <summary>Ingests a stream of documents: chunks and embeds each one, upserts its chunks and removes its stale ones.</summary>
    /// <param name="documents">The documents; ids must be unique.</param>
    /// <param name="progress">Receives a report after each document, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with; what was written stays, and a new run resumes from it.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentException">A document is null, has no id or no text, its id appears twice, or its id cannot make a key (see <see cref="JinaChunkKeys"/>).</exception>
    /// <exception cref="JinaEmbeddingMismatchException">The collection holds vectors of another model or size.</exception>
    public async Task<JinaIngestionResult> IngestAsync(
        IAsyncEnumerable<JinaDocument> documents,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await PrepareAsync(cancellationToken).ConfigureAwait(false);

        var tally = new IngestionTally();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await RunInOrderAsync(
            Validated(documents, seen, cancellationToken),
            PrepareDocumentAsync,
            async (prepared, token) =>
            {
                await CompleteDocumentAsync(prepared, tally, token).ConfigureAwait(false);
                progress?.Report(tally.ToProgress(prepared.DocumentId));
            },
            cancellationToken).ConfigureAwait(false);

        var result = tally.ToResult(chunksVerified: 0);
        Log.IngestionFinished(_logger, _collection.Name, result.Documents, result.DocumentsSkipped, result.ChunksWritten, result.ChunksDeleted, result.Tokens);
        return result;
    }

    /// <summary>Removes every chunk of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The number of records removed.</returns>
    public async Task<long> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        if (!await _collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        long deleted = 0;
        while (true)
        {
            var keys = new List<TKey>();
            await foreach (var record in _collection.GetAsync(r => r.DocumentId == documentId, JinaChunkQueries.PageSize, null, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(record.Key);
            }

            if (keys.Count == 0)
            {
                return deleted;
            }

            await _collection.DeleteAsync(keys, cancellationToken).ConfigureAwait(false);
            deleted += keys.Count;
        }
    }

    /// <summary>Re-embeds the stored chunk texts of another collection into this ingestor's collection with this ingestor's generator.</summary>
    /// <remarks>
    /// Use it to move from one model or size to another (jina-embeddings-v2 768 to v3 1024, say), or from one store or key type to
    /// another: each document's chunks are embedded together, late-chunked as passages, with the same texts and spans, under this
    /// collection's keys. The source is only read. Every document is read back from the target and counted; documents already
    /// re-indexed are skipped, so a cancelled run resumes where it stopped.
    /// </remarks>
    /// <typeparam name="TSourceKey">The key type of the source's records.</typeparam>
    /// <param name="source">The collection to read, opened with the definition of its own dimensions.</param>
    /// <param name="progress">Receives a report after each document, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What was done; <see cref="JinaIngestionResult.ChunksVerified"/> equals the number of chunks in the source.</returns>
    /// <exception cref="ArgumentException"><paramref name="source"/> is this ingestor's own collection.</exception>
    /// <exception cref="InvalidOperationException">The source does not exist, a source document is missing chunks, or the target did not keep what was written.</exception>
    public async Task<JinaIngestionResult> ReindexAsync<TSourceKey>(
        VectorStoreCollection<TSourceKey, JinaDocumentChunk<TSourceKey>> source,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TSourceKey : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        await EnsureSourceAsync(source, cancellationToken).ConfigureAwait(false);
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        var heads = await ReadDocumentHeadsAsync(source, cancellationToken).ConfigureAwait(false);
        Log.ReindexStarted(_logger, heads.Count, source.Name, _collection.Name, Stamp);

        var tally = new IngestionTally();
        long verified = 0;
        long expected = heads.Sum(h => (long)h.ChunkCount);
        await RunInOrderAsync(
            heads.ToAsyncEnumerable(),
            (head, token) => PrepareReindexAsync(source, head, token),
            async (prepared, token) =>
            {
                await CompleteDocumentAsync(prepared, tally, token).ConfigureAwait(false);
                verified += await VerifyAsync(prepared.Head!.Value, token).ConfigureAwait(false);
                progress?.Report(tally.ToProgress(prepared.DocumentId));
            },
            cancellationToken).ConfigureAwait(false);

        if (verified != expected)
        {
            throw new InvalidOperationException(
                $"Re-index of '{source.Name}' into '{_collection.Name}' verified {verified} chunks, but the source holds {expected}.");
        }

        var result = tally.ToResult(verified);
        Log.ReindexFinished(_logger, source.Name, _collection.Name, result.Documents, result.DocumentsSkipped, verified);
        return result;
    }

    private async Task<PreparedDocument> PrepareDocumentAsync(JinaDocument document, CancellationToken cancellationToken)
    {
        string hash = ComputeHash(document);
        var stored = await ReadStoredAsync(document.Id, cancellationToken).ConfigureAwait(false);
        if (_options.SkipUnchangedDocuments && IsUpToDate(document.Id, stored, hash, null))
        {
            return new PreparedDocument(document.Id, null, 0, stored);
        }

        var tokens = TokenCountingEmbeddingGenerator.BeginScope();
        var chunks = await _chunker.EmbedDocumentAsync(document.Text, cancellationToken).ConfigureAwait(false);
        var records = new JinaDocumentChunk<TKey>[chunks.Count];
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            records[i] = _records.Create(document.Id, i, chunks.Count, chunk.Text, chunk.Start, chunk.Length, document.Source, hash, chunk.Embedding);
        }

        return new PreparedDocument(document.Id, records, tokens.Value, stored);
    }

    private async Task<PreparedDocument> PrepareReindexAsync<TSourceKey>(
        VectorStoreCollection<TSourceKey, JinaDocumentChunk<TSourceKey>> source, DocumentHead head, CancellationToken cancellationToken)
        where TSourceKey : notnull
    {
        // The target may already hold the document from an ingestion of its original text, chunked otherwise: only a copy with the
        // source's chunk count is taken as done, so the target ends up with the source's chunks and the verification holds.
        var existing = await ReadStoredAsync(head.DocumentId, cancellationToken).ConfigureAwait(false);
        if (_options.SkipUnchangedDocuments && IsUpToDate(head.DocumentId, existing, head.DocumentHash, head.ChunkCount))
        {
            return new PreparedDocument(head.DocumentId, null, 0, existing) { Head = head };
        }

        var chunks = await ReadSourceChunksAsync(source, head, cancellationToken).ConfigureAwait(false);
        var tokens = TokenCountingEmbeddingGenerator.BeginScope();
        var records = await ReembedAsync(head, chunks, cancellationToken).ConfigureAwait(false);
        return new PreparedDocument(head.DocumentId, records, tokens.Value, existing) { Head = head };
    }

    private async Task CompleteDocumentAsync(PreparedDocument prepared, IngestionTally tally, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (prepared.Records is null)
        {
            tally.Skipped++;
            Log.DocumentSkipped(_logger, prepared.DocumentId, _collection.Name);
        }
        else
        {
            await WriteDocumentAsync(prepared, tally, cancellationToken).ConfigureAwait(false);
            tally.Tokens += prepared.Tokens;
        }

        tally.Documents++;
    }

    // Up to MaxConcurrentDocuments items are prepared (checked, chunked, embedded) at once on the thread pool, while they are
    // completed (written, verified, reported) one at a time in input order: a run stopped at any point has written a prefix.
    private async Task RunInOrderAsync<TItem>(
        IAsyncEnumerable<TItem> items,
        Func<TItem, CancellationToken, Task<PreparedDocument>> prepare,
        Func<PreparedDocument, CancellationToken, Task> complete,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<PreparedDocument>>();
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var current = item;
                pending.Enqueue(Task.Run(() => prepare(current, stop.Token), stop.Token));
                if (pending.Count >= _options.MaxConcurrentDocuments)
                {
                    await complete(await pending.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
            }

            while (pending.Count > 0)
            {
                await complete(await pending.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Items still being prepared are abandoned (nothing of theirs is written) and awaited, so no task outlives the call.
            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private static async IAsyncEnumerable<JinaDocument> Validated(
        IAsyncEnumerable<JinaDocument> documents,
        HashSet<string> seen,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var document in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ValidateDocument(document);
            JinaChunkKeys.ValidateDocumentId<TKey>(document.Id, nameof(documents));
            if (!seen.Add(document.Id))
            {
                throw new ArgumentException(
                    $"Document id '{document.Id}' appears twice; ids must be unique, because a document's chunks are keyed by its id.",
                    nameof(documents));
            }

            yield return document;
        }
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        // The stamp is checked before the collection is created or bound, so a mismatch is reported as one, whatever the store says about shapes.
        await JinaCollectionStamp.EnsureMatchesAsync(_collection, Stamp, cancellationToken).ConfigureAwait(false);
        await _collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    // Chunks are upserted before anything else of the document is removed, so an interruption leaves either the old document or
    // a superset of the new one; IsUpToDate sees either as unfinished, and the next run writes the document again.
    private async Task WriteDocumentAsync(PreparedDocument prepared, IngestionTally tally, CancellationToken cancellationToken)
    {
        var records = prepared.Records!;
        for (int offset = 0; offset < records.Length; offset += _options.UpsertBatchSize)
        {
            var batch = new ArraySegment<JinaDocumentChunk<TKey>>(records, offset, Math.Min(_options.UpsertBatchSize, records.Length - offset));
            await _collection.UpsertAsync(batch, cancellationToken).ConfigureAwait(false);
            tally.ChunksWritten += batch.Count;
        }

        // Whatever the collection held for the document and was not just written: the tail of a longer version, or chunks
        // stored under another key scheme. Their keys are the ones read from the records, never rebuilt from an id.
        var written = new HashSet<TKey>(records.Select(r => r.Key));
        var stale = prepared.Stored.Where(c => !written.Contains(c.Key)).Select(c => c.Key).Distinct().ToList();
        for (int offset = 0; offset < stale.Count; offset += JinaChunkQueries.PageSize)
        {
            await _collection.DeleteAsync(stale.Skip(offset).Take(JinaChunkQueries.PageSize), cancellationToken).ConfigureAwait(false);
        }

        tally.ChunksDeleted += stale.Count;
        Log.DocumentWritten(_logger, prepared.DocumentId, _collection.Name, records.Length, stale.Count);
    }

    private async Task<List<StoredChunk>> ReadStoredAsync(string documentId, CancellationToken cancellationToken)
    {
        var stored = new List<StoredChunk>();
        await foreach (var record in JinaChunkQueries.ReadDocumentAsync(_collection, documentId, cancellationToken).ConfigureAwait(false))
        {
            stored.Add(new StoredChunk(record.Key, record.ChunkIndex, record.ChunkCount, IsCurrent(record, record.DocumentHash) ? record.DocumentHash : null));
        }

        return stored;
    }

    // Up to date: one chunk at each index 0..count-1 under the key this ingestor would write, each with the document's hash and
    // this ingestor's stamp, and nothing else (no tail of a longer version, no chunk under another key).
    private static bool IsUpToDate(string documentId, List<StoredChunk> stored, string hash, int? chunkCount)
    {
        int count = stored.Count;
        if (count == 0 || (chunkCount is { } expected && count != expected))
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            var chunk = stored[i];
            if (chunk.ChunkIndex != i || chunk.ChunkCount != count || !string.Equals(chunk.CurrentHash, hash, StringComparison.Ordinal) ||
                !EqualityComparer<TKey>.Default.Equals(chunk.Key, JinaChunkKeys.Create<TKey>(documentId, i)))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsCurrent(JinaDocumentChunk<TKey> record, string hash) =>
        string.Equals(record.DocumentHash, hash, StringComparison.Ordinal) &&
        string.Equals(record.EmbeddingModel, Stamp.ModelId, StringComparison.Ordinal) &&
        record.Dimensions == Stamp.Dimensions;

    private static void ValidateDocument(JinaDocument document)
    {
        if (document is null)
        {
            throw new ArgumentException("The documents contain a null element.", "documents");
        }

        if (string.IsNullOrWhiteSpace(document.Id))
        {
            throw new ArgumentException("Every document needs a non-empty Id: chunk keys are derived from it.", "documents");
        }

        if (document.Text is null)
        {
            throw new ArgumentException($"Document '{document.Id}' has no text.", "documents");
        }
    }

    private static string ComputeHash(JinaDocument document)
    {
        string canonical = string.Concat(document.Source ?? string.Empty, "\0", document.Text);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    private sealed record PreparedDocument(string DocumentId, JinaDocumentChunk<TKey>[]? Records, long Tokens, List<StoredChunk> Stored)
    {
        public DocumentHead? Head { get; init; }
    }

    // What the collection held for a document before it was written: the hash only where the chunk carries this ingestor's stamp.
    private readonly record struct StoredChunk(TKey Key, int ChunkIndex, int ChunkCount, string? CurrentHash);

    private readonly record struct DocumentHead(string DocumentId, int ChunkCount, string DocumentHash);
}
