using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.SemanticKernel.Data;

namespace Jina.SemanticKernel;

/// <summary>Provides extension methods to open Jina chunk collections for asymmetric search and to search them from Semantic Kernel.</summary>
public static partial class JinaVectorStoreExtensions
{
    private const string GetCollectionWarning =
        "Opening a typed collection maps JinaDocumentChunk<TKey> through reflection (VectorStore.GetCollection). With trimming or native AOT, " +
        "open the collection with JinaDocumentChunk<TKey>.CreateCollectionDefinition and CreateSearchGenerator, then call EnsureEmbeddingStampAsync.";

    /// <summary>Opens a collection of <see cref="JinaDocumentChunk{TKey}"/> records whose search text is embedded with <c>retrieval.query</c>.</summary>
    /// <remarks>
    /// The collection's generator is the query role of <paramref name="generator"/>; MEVD calls it only for search input, because
    /// the stored vectors are <see cref="ReadOnlyMemory{T}"/> computed at ingestion with the passage role. So
    /// <c>collection.SearchAsync("question", 5)</c> and <see cref="VectorStoreTextSearch{TRecord}"/> both search asymmetrically.
    /// The collection's embedding stamp is checked: vectors of another model or size are refused before any search.
    /// </remarks>
    /// <typeparam name="TKey">
    /// The record key type: <see cref="Guid"/>, the only kind Qdrant and Weaviate take and one the other current MEVD connectors take
    /// too, or <see cref="string"/> for stores that take only strings; see <see cref="JinaChunkKeys"/>.
    /// </typeparam>
    /// <param name="vectorStore">The vector store.</param>
    /// <param name="name">The collection name.</param>
    /// <param name="generator">The generator the collection was (or will be) ingested with; its query role is used.</param>
    /// <param name="dimensions">The vector length the generator is configured for, or <see langword="null"/> for the one it reports.</param>
    /// <param name="distanceFunction">The distance function; <see langword="null"/> for cosine similarity (Weaviate needs <see cref="DistanceFunction.CosineDistance"/>).</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The collection, which may also be given to a <see cref="JinaVectorStoreIngestor{TKey}"/> built with the same generator.</returns>
    /// <exception cref="JinaEmbeddingMismatchException">The collection holds vectors of another model or size.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> is neither <see cref="Guid"/> nor <see cref="string"/>.</exception>
    [RequiresUnreferencedCode(GetCollectionWarning)]
    [RequiresDynamicCode(GetCollectionWarning)]
    public static async Task<VectorStoreCollection<TKey, JinaDocumentChunk<TKey>>> GetJinaCollectionAsync<TKey>(
        this VectorStore vectorStore,
        string name,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        int? dimensions = null,
        string? distanceFunction = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(vectorStore);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(generator);

        var stamp = JinaEmbeddingStamp.FromGenerator(generator, dimensions);
        if (stamp.Dimensions <= 0)
        {
            throw new ArgumentException(
                $"The embedding generator for model '{stamp.ModelId}' does not say how long its vectors are. Pass the dimensions.",
                nameof(dimensions));
        }

        var collection = vectorStore.GetCollection<TKey, JinaDocumentChunk<TKey>>(
            name,
            JinaDocumentChunk<TKey>.CreateCollectionDefinition(stamp.Dimensions, CreateSearchGenerator(generator, name, stamp), distanceFunction));
        await JinaCollectionStamp.EnsureMatchesAsync(collection, stamp, cancellationToken).ConfigureAwait(false);
        return collection;
    }

    /// <summary>Creates the generator a collection embeds its search text with: the query role of <paramref name="generator"/>, checked against the stamp.</summary>
    /// <remarks>Models without tasks (jina-embeddings-v2) are used as they are; a query vector of another length than the stamp's fails the search.</remarks>
    /// <param name="generator">The generator the collection is ingested with.</param>
    /// <param name="collectionName">The collection's name, for error messages.</param>
    /// <param name="stamp">The collection's stamp; <see langword="null"/> reads it from the generator.</param>
    /// <returns>The generator to set as the collection definition's <see cref="VectorStoreCollectionDefinition.EmbeddingGenerator"/>.</returns>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateSearchGenerator(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        string collectionName,
        JinaEmbeddingStamp? stamp = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(collectionName);
        stamp ??= JinaEmbeddingStamp.FromGenerator(generator);
        return new StampGuardEmbeddingGenerator(generator.AsQueryGenerator(), collectionName, stamp);
    }

    /// <summary>Checks that a collection holds only vectors of the given stamp.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="stamp">The model and dimensions expected, usually <see cref="JinaEmbeddingStamp.FromGenerator"/> of the generator in use.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when the check has passed.</returns>
    /// <exception cref="JinaEmbeddingMismatchException">The collection holds vectors of another model or size.</exception>
    public static Task EnsureEmbeddingStampAsync<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        JinaEmbeddingStamp stamp,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(stamp);
        return JinaCollectionStamp.EnsureMatchesAsync(collection, stamp, cancellationToken);
    }

    /// <summary>Reads the embedding stamp of a collection: the model and dimensions its vectors were computed with.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The stamp, or <see langword="null"/> when the collection is missing or empty.</returns>
    public static Task<JinaEmbeddingStamp?> GetEmbeddingStampAsync<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        return JinaCollectionStamp.ReadAsync(collection, cancellationToken);
    }

    /// <summary>Creates a Semantic Kernel text search over the collection: values are chunk texts, names and links are their sources.</summary>
    /// <param name="collection">The collection, opened with <see cref="GetJinaCollectionAsync"/> so that queries are embedded with <c>retrieval.query</c>.</param>
    /// <returns>The text search.</returns>
    [Experimental("SKEXP0001")]
    public static VectorStoreTextSearch<JinaDocumentChunk<TKey>> CreateTextSearch<TKey>(this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        return new VectorStoreTextSearch<JinaDocumentChunk<TKey>>(
            collection,
            new TextSearchStringMapper(static result => ((JinaDocumentChunk<TKey>)result).Text),
            new TextSearchResultMapper(static result =>
            {
                var chunk = (JinaDocumentChunk<TKey>)result;
                return new TextSearchResult(chunk.Text) { Name = chunk.Source ?? chunk.DocumentId, Link = chunk.Source };
            }));
    }
}
