using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Provides the passage search over Jina chunk collections: hybrid or vector retrieval, then the chunks around each hit.</summary>
public static partial class JinaPassageSearchExtensions
{
    /// <summary>Finds the passages that answer a query: the best chunks, each with up to <see cref="JinaPassageSearchOptions{TKey}.NeighborChunks"/> chunks around it.</summary>
    /// <remarks>
    /// <para>
    /// The search runs in stages. Retrieval ranks the chunks: hybrid search (the query's <c>retrieval.query</c> vector fused with a
    /// keyword ranking of the chunk texts) where the collection implements <see cref="IKeywordHybridSearchable{TRecord}"/> and the
    /// mode allows it, vector search otherwise; the best <see cref="JinaPassageSearchOptions{TKey}.Top"/> are the hits. With a
    /// <see cref="JinaPassageSearchOptions{TKey}.Reranker"/>, retrieval fetches <see cref="JinaPassageSearchOptions{TKey}.RerankCandidates"/>
    /// chunks instead, Jina's reranker orders their texts against the query, and its best <see cref="JinaPassageSearchOptions{TKey}.Top"/>
    /// are the hits, with the reranker's relevance scores. Neighbour expansion
    /// then reads, through a filter on <see cref="JinaDocumentChunk{TKey}.DocumentId"/> and <see cref="JinaDocumentChunk{TKey}.ChunkIndex"/> (never
    /// by key, so it works with every key scheme and connector), the chunks before and after each hit, and merges the neighbourhoods
    /// of one document that overlap or touch into one passage, which takes the rank of its best hit.
    /// </para>
    /// <para>
    /// Open the collection with <see cref="JinaVectorStoreExtensions.GetJinaCollectionAsync{TKey}"/> so that the query is embedded with the
    /// query task. Every chunk of a passage says which stage brought it in (<see cref="JinaPassageChunk.Stage"/>).
    /// </para>
    /// </remarks>
    /// <typeparam name="TKey">The key type of the collection.</typeparam>
    /// <param name="collection">The collection of chunks.</param>
    /// <param name="query">What to look for, in natural language.</param>
    /// <param name="options">The options; <see langword="null"/> for five hits, hybrid where possible, no neighbours.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The passages, best first.</returns>
    /// <exception cref="NotSupportedException"><see cref="JinaSearchMode.Hybrid"/> was asked of a collection that cannot do hybrid search.</exception>
    public static async Task<IReadOnlyList<JinaPassage>> SearchPassagesAsync<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string query,
        JinaPassageSearchOptions<TKey>? options = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        options ??= new();
        options.Validate();

        // Stage 1, retrieval: the ranked candidates; with a reranker, more of them, reordered by it and cut to the top hits.
        var hits = await RetrieveAsync(collection, query, options, cancellationToken).ConfigureAwait(false);
        if (options.Reranker is { } reranker)
        {
            hits = await RerankAsync(reranker, query, hits, options.Top, cancellationToken).ConfigureAwait(false);
        }

        // Stage 2, the context around each hit.
        return options.NeighborChunks == 0
            ? [.. hits.Select(static (hit, i) => NeighborExpansion.Alone(hit, i + 1))]
            : await NeighborExpansion.ExpandAsync(collection, hits, options.NeighborChunks, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<RetrievedChunk<TKey>>> RetrieveAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string query,
        JinaPassageSearchOptions<TKey> options,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var hybrid = options.Mode == JinaSearchMode.Vector ? null
            : collection as IKeywordHybridSearchable<JinaDocumentChunk<TKey>>
                ?? collection.GetService(typeof(IKeywordHybridSearchable<JinaDocumentChunk<TKey>>)) as IKeywordHybridSearchable<JinaDocumentChunk<TKey>>;
        if (hybrid is null && options.Mode == JinaSearchMode.Hybrid)
        {
            throw new NotSupportedException(
                $"Collection '{collection.Name}' ({collection.GetType().Name}) does not support hybrid search (IKeywordHybridSearchable<JinaDocumentChunk<TKey>>). Use JinaSearchMode.Auto or JinaSearchMode.Vector.");
        }

        var hits = new List<RetrievedChunk<TKey>>(options.RetrievalCount);
        if (hybrid is not null)
        {
            // The whole query is the keyword input: stores split it into terms as they split the texts they index.
            var hybridOptions = new HybridSearchOptions<JinaDocumentChunk<TKey>>
            {
                Filter = options.Filter,
                VectorProperty = static c => c.Vector,
                AdditionalProperty = static c => c.Text,
            };
            await foreach (var result in hybrid.HybridSearchAsync(query, [query], options.RetrievalCount, hybridOptions, cancellationToken).ConfigureAwait(false))
            {
                hits.Add(new(result.Record, result.Score, JinaRetrievalStage.Hybrid));
            }
        }
        else
        {
            var vectorOptions = new VectorSearchOptions<JinaDocumentChunk<TKey>> { Filter = options.Filter, VectorProperty = static c => c.Vector };
            await foreach (var result in collection.SearchAsync(query, options.RetrievalCount, vectorOptions, cancellationToken).ConfigureAwait(false))
            {
                hits.Add(new(result.Record, result.Score, JinaRetrievalStage.Vector));
            }
        }

        return hits;
    }
}
