using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Represents an ingestor that embeds images and PDFs as passages and keeps them in a collection of <see cref="JinaDocumentChunk{TKey}"/> records, one record each.</summary>
/// <typeparam name="TKey">The key type of the collection's records: <see cref="Guid"/> or <see cref="string"/> (see <see cref="JinaChunkKeys"/>).</typeparam>
/// <remarks>
/// <para>
/// Each image becomes a one-chunk document: its <see cref="JinaDocumentChunk{TKey}.Source"/> says where it came from, its
/// <see cref="JinaDocumentChunk{TKey}.Text"/> is its description or file name, and its vector is the image's, embedded with
/// <c>retrieval.passage</c>. A multimodal model puts text and images in one space, so the collection opened with
/// <see cref="JinaVectorStoreExtensions.GetJinaCollectionAsync"/> and a text generator of the same model and size answers text
/// questions (embedded with <c>retrieval.query</c>) with images, and may hold text documents of that model beside them.
/// </para>
/// <para>
/// Keys derive from the image id, so ingesting an image again replaces its record; an image whose record carries the same content
/// hash and embedding stamp is skipped, so a run that stopped resumes. Of <see cref="JinaIngestionOptions"/>, <c>Dimensions</c>,
/// <c>SkipUnchangedDocuments</c> and <c>LoggerFactory</c> apply; images are embedded and written 16 at a time.
/// </para>
/// </remarks>
[Experimental(JinaExperiments.Images, UrlFormat = JinaExperiments.ImagesUrl)]
public sealed class JinaImageIngestor<TKey>
    where TKey : notnull
{
    private static readonly Dictionary<string, string> s_mediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".bmp"] = "image/bmp",
        [".pdf"] = "application/pdf",
    };

    private const int BatchSize = 16;
    private const int MaxBytes = 8 * 1024 * 1024;

    private readonly VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> _collection;
    private readonly IEmbeddingGenerator<DataContent, Embedding<float>> _generator;
    private readonly JinaIngestionOptions _options;
    private readonly EmbeddingGenerationOptions? _passage;
    private readonly ChunkRecordFactory<TKey> _records;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="JinaImageIngestor{TKey}"/> class.</summary>
    /// <param name="collection">The collection the records go to, opened with <see cref="JinaDocumentChunk{TKey}.CreateCollectionDefinition"/>.</param>
    /// <param name="generator">The image generator, normally a <see cref="JinaImageEmbeddingGenerator"/>; it is called with <c>retrieval.passage</c>.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The generator's vector length is unknown and <see cref="JinaIngestionOptions.Dimensions"/> is not set.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> is neither <see cref="Guid"/> nor <see cref="string"/>.</exception>
    public JinaImageIngestor(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        IEmbeddingGenerator<DataContent, Embedding<float>> generator,
        JinaIngestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(generator);
        JinaChunkKeys.EnsureSupported(typeof(TKey));
        _options = options ?? new JinaIngestionOptions();

        Stamp = JinaEmbeddingStamp.ForIngestion(generator, _options.Dimensions);

        // A generator that says nothing about its model is assumed to take tasks, as both multimodal models do.
        bool tasks = generator.GetService<EmbeddingModelCapabilities>()?.SupportsTasks ?? true;
        _records = new ChunkRecordFactory<TKey>(collection.Name, Stamp, tasks ? JinaTask.RetrievalPassage.Value : null);
        _passage = tasks ? new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalPassage) : null;
        if (_options.Dimensions is { } dimensions)
        {
            _passage ??= new EmbeddingGenerationOptions();
            _passage.Dimensions = dimensions;
        }

        _collection = collection;
        _generator = generator;
        _logger = _options.LoggerFactory?.CreateLogger<JinaImageIngestor<TKey>>() ?? NullLogger<JinaImageIngestor<TKey>>.Instance;
    }

    /// <summary>Gets the embedding stamp the records carry.</summary>
    public JinaEmbeddingStamp Stamp { get; }

    /// <summary>Ingests the images and PDFs below a folder, each under its path relative to the folder (also its id, its source and, by file name, its text).</summary>
    /// <param name="folder">The folder; .png, .jpg, .jpeg, .gif, .webp, .bmp and .pdf files are read, in all subfolders, in ordinal order of their paths.</param>
    /// <param name="progress">Receives a report after each image, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with; what was written stays, and a new run resumes from it.</param>
    /// <returns>What was done; <see cref="JinaIngestionResult.ChunksWritten"/> counts images written.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">A file is over 8 MB; every such file is named, and nothing is sent or written.</exception>
    public Task<JinaIngestionResult> IngestFolderAsync(string folder, IProgress<JinaIngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The images folder '{folder}' does not exist.");
        }

        FileInfo[] files = [.. new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => s_mediaTypes.ContainsKey(f.Extension))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)];
        string[] tooLarge = [.. files.Where(f => f.Length > MaxBytes).Select(f => $"{Relative(root, f)} ({f.Length / (1024.0 * 1024):F1} MB)")];
        if (tooLarge.Length > 0)
        {
            throw new ArgumentException(
                $"The Jina API takes images and PDFs of up to 8 MB, and {tooLarge.Length} file(s) in '{folder}' are larger: {string.Join(", ", tooLarge)}. " +
                "Scale or compress them, split the PDFs, or move them out of the folder; nothing was ingested.",
                nameof(folder));
        }

        return IngestAsync(ReadFilesAsync(root, files, cancellationToken), progress, cancellationToken);
    }

    /// <summary>Ingests images and PDFs: embeds each one as a passage and upserts its record.</summary>
    /// <param name="images">The images; ids must be unique.</param>
    /// <param name="progress">Receives a report after each image, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with; what was written stays, and a new run resumes from it.</param>
    /// <returns>What was done; <see cref="JinaIngestionResult.ChunksWritten"/> counts images written.</returns>
    /// <exception cref="ArgumentException">An image is null, has no id or content, or its id appears twice.</exception>
    /// <exception cref="JinaEmbeddingMismatchException">The collection holds vectors of another model or size.</exception>
    public async Task<JinaIngestionResult> IngestAsync(
        IAsyncEnumerable<JinaImage> images,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        await JinaCollectionStamp.EnsureMatchesAsync(_collection, Stamp, cancellationToken).ConfigureAwait(false);
        await _collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tally = new IngestionTally();
        var batch = new List<JinaImage>(BatchSize);
        await foreach (JinaImage image in images.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Validate(image, seen);
            batch.Add(image);
            if (batch.Count == BatchSize)
            {
                await WriteBatchAsync(batch, tally, progress, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await WriteBatchAsync(batch, tally, progress, cancellationToken).ConfigureAwait(false);
        var result = tally.ToResult(chunksVerified: 0);
        Log.IngestionFinished(_logger, _collection.Name, result.Documents, result.DocumentsSkipped, result.ChunksWritten, result.ChunksDeleted, result.Tokens);
        return result;
    }

    /// <inheritdoc cref="IngestAsync(IAsyncEnumerable{JinaImage}, IProgress{JinaIngestionProgress}?, CancellationToken)"/>
    public Task<JinaIngestionResult> IngestAsync(
        IEnumerable<JinaImage> images,
        IProgress<JinaIngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        return IngestAsync(images.ToAsyncEnumerable(), progress, cancellationToken);
    }

    // Embeds the images of a batch that changed in one call, then writes them and removes what else their ids held.
    private async Task WriteBatchAsync(List<JinaImage> batch, IngestionTally tally, IProgress<JinaIngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var pending = new List<(JinaImage Image, string Hash, List<JinaDocumentChunk<TKey>> Stored)>(batch.Count);
        foreach (JinaImage image in batch)
        {
            string hash = ComputeHash(image);
            var stored = new List<JinaDocumentChunk<TKey>>();
            await foreach (var record in JinaChunkQueries.ReadDocumentAsync(_collection, image.Id, cancellationToken).ConfigureAwait(false))
            {
                stored.Add(record);
            }

            if (_options.SkipUnchangedDocuments && stored is [{ ChunkIndex: 0, ChunkCount: 1 } only] && IsCurrent(only, image.Id, hash))
            {
                tally.Documents++;
                tally.Skipped++;
                Log.DocumentSkipped(_logger, image.Id, _collection.Name);
                progress?.Report(tally.ToProgress(image.Id));
                continue;
            }

            pending.Add((image, hash, stored));
        }

        if (pending.Count == 0)
        {
            return;
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(pending.Select(p => p.Image.Content), _passage, cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != pending.Count)
        {
            throw new InvalidOperationException($"The image generator returned {embeddings.Count} vectors for {pending.Count} images.");
        }

        var records = new JinaDocumentChunk<TKey>[pending.Count];
        for (int i = 0; i < pending.Count; i++)
        {
            records[i] = CreateRecord(pending[i].Image, pending[i].Hash, embeddings[i]);
        }

        await _collection.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        tally.Tokens += embeddings.Usage?.InputTokenCount ?? 0;
        for (int i = 0; i < pending.Count; i++)
        {
            TKey key = records[i].Key;
            TKey[] stale = [.. pending[i].Stored.Select(r => r.Key).Where(k => !EqualityComparer<TKey>.Default.Equals(k, key)).Distinct()];
            if (stale.Length > 0)
            {
                await _collection.DeleteAsync(stale, cancellationToken).ConfigureAwait(false);
            }

            tally.Documents++;
            tally.ChunksWritten++;
            tally.ChunksDeleted += stale.Length;
            Log.DocumentWritten(_logger, pending[i].Image.Id, _collection.Name, 1, stale.Length);
            progress?.Report(tally.ToProgress(pending[i].Image.Id));
        }
    }

    private JinaDocumentChunk<TKey> CreateRecord(JinaImage image, string hash, Embedding<float> embedding)
    {
        string text = TextOf(image);
        return _records.Create(image.Id, 0, 1, text, 0, text.Length, image.Source, hash, embedding);
    }

    private bool IsCurrent(JinaDocumentChunk<TKey> record, string id, string hash) =>
        string.Equals(record.DocumentHash, hash, StringComparison.Ordinal) &&
        string.Equals(record.EmbeddingModel, Stamp.ModelId, StringComparison.Ordinal) &&
        record.Dimensions == Stamp.Dimensions &&
        EqualityComparer<TKey>.Default.Equals(record.Key, JinaChunkKeys.Create<TKey>(id, 0));

    private static void Validate(JinaImage image, HashSet<string> seen)
    {
        const string parameter = "images";
        if (image is null)
        {
            throw new ArgumentException("The images contain a null element.", parameter);
        }

        if (string.IsNullOrWhiteSpace(image.Id))
        {
            throw new ArgumentException("Every image needs a non-empty Id: its record's key is derived from it.", parameter);
        }

        if (image.Content is null)
        {
            throw new ArgumentException($"Image '{image.Id}' has no content.", parameter);
        }

        JinaChunkKeys.ValidateDocumentId<TKey>(image.Id, parameter);
        if (!seen.Add(image.Id))
        {
            throw new ArgumentException($"Image id '{image.Id}' appears twice; ids must be unique, because an image's record is keyed by its id.", parameter);
        }
    }

    private static string TextOf(JinaImage image) =>
        image.Description is { Length: > 0 } description ? description
        : image.Content.Name is { Length: > 0 } name ? name
        : image.Source is { Length: > 0 } source ? Path.GetFileName(source)
        : image.Id;

    // The bytes, the media type and what the record says of the image: a change to any of them writes the record again.
    private static string ComputeHash(JinaImage image)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{image.Content.MediaType}\0{image.Source}\0{image.Description}\0{image.Content.Name}\0"));
        hash.AppendData(image.Content.Data.Span);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    private static string Relative(string root, FileInfo file) => Path.GetRelativePath(root, file.FullName).Replace('\\', '/');

    private static async IAsyncEnumerable<JinaImage> ReadFilesAsync(string root, FileInfo[] files, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (FileInfo file in files)
        {
            DataContent content = await DataContent.LoadFromAsync(file.FullName, s_mediaTypes[file.Extension], cancellationToken).ConfigureAwait(false);
            string relative = Relative(root, file);
            yield return new JinaImage(relative, content, relative, file.Name);
        }
    }
}
