using System.Runtime.CompilerServices;
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
    /// mode allows it, vector search otherwise. With a <see cref="JinaPassageSearchOptions{TKey}.Reranker"/>, retrieval fetches
    /// <see cref="JinaPassageSearchOptions{TKey}.RerankCandidates"/> chunks instead, Jina's reranker orders their texts against the
    /// query, and they are the hits in its order, with its relevance scores. Neighbour expansion then reads, through a filter on <see cref="JinaDocumentChunk{TKey}.DocumentId"/>
    /// and <see cref="JinaDocumentChunk{TKey}.ChunkIndex"/> (never by key, so it works with every key scheme and connector), the chunks
    /// before and after each hit, and merges the neighbourhoods of one document that overlap or touch into one passage, which takes
    /// the rank of its best hit. Hits are taken in rank order until they make <see cref="JinaPassageSearchOptions{TKey}.Top"/>
    /// passages: a hit that joins a better hit's passage leaves room for the next one, so the answer context holds that many distinct
    /// passages. A passage holds at most three hits (a further hit that would join it is passed over), the search asks the
    /// collection for further pages of hits when it needs them, and it reads at most <c>Top × (2 × NeighborChunks + 1)</c> hits.
    /// </para>
    /// <para>
    /// Open the collection with <see cref="JinaVectorStoreExtensions.GetJinaCollectionAsync{TKey}"/> so that the query is embedded with the
    /// query task. Every chunk of a passage says which stage brought it in (<see cref="JinaPassageChunk.Stage"/>).
    /// </para>
    /// </remarks>
    /// <typeparam name="TKey">The key type of the collection.</typeparam>
    /// <param name="collection">The collection of chunks.</param>
    /// <param name="query">What to look for, in natural language.</param>
    /// <param name="options">The options; <see langword="null"/> for five passages, hybrid where possible, no neighbours.</param>
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
        var hybrid = HybridSearchOf(collection, options.Mode);

        // Stage 1, retrieval: the ranked candidates, read page by page only as far as the next stage asks; with a reranker, its
        // candidates in one page, reordered by it (all of them with neighbours, whose merges may need more hits than Top).
        var hits = RetrieveAsync(collection, hybrid, query, options, cancellationToken);
        if (options.Reranker is { } reranker)
        {
            var candidates = new List<RetrievedChunk<TKey>>(options.RetrievalCount);
            await foreach (var hit in hits.ConfigureAwait(false))
            {
                candidates.Add(hit);
                if (candidates.Count == options.RetrievalCount)
                {
                    break;
                }
            }

            var reranked = await RerankAsync(
                reranker, query, candidates, options.NeighborChunks == 0 ? options.Top : candidates.Count, cancellationToken).ConfigureAwait(false);
            hits = reranked.ToAsyncEnumerable();
        }

        // Stage 2, the context around each hit, and the cut to the top passages.
        if (options.NeighborChunks == 0)
        {
            var passages = new List<JinaPassage>(options.Top);
            await foreach (var hit in hits.ConfigureAwait(false))
            {
                passages.Add(NeighborExpansion.Alone(hit, passages.Count + 1));
                if (passages.Count == options.Top)
                {
                    break;
                }
            }

            return passages;
        }

        return await NeighborExpansion.ExpandAsync(collection, hits, options.Top, options.NeighborChunks, options.NeighborTokens, cancellationToken).ConfigureAwait(false);
    }

    private static IKeywordHybridSearchable<JinaDocumentChunk<TKey>>? HybridSearchOf<TKey>(VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection, JinaSearchMode mode)
        where TKey : notnull
    {
        var hybrid = mode == JinaSearchMode.Vector ? null
            : collection as IKeywordHybridSearchable<JinaDocumentChunk<TKey>>
                ?? collection.GetService(typeof(IKeywordHybridSearchable<JinaDocumentChunk<TKey>>)) as IKeywordHybridSearchable<JinaDocumentChunk<TKey>>;
        if (hybrid is null && mode == JinaSearchMode.Hybrid)
        {
            throw new NotSupportedException(
                $"Collection '{collection.Name}' ({collection.GetType().Name}) does not support hybrid search (IKeywordHybridSearchable<JinaDocumentChunk<TKey>>). Use JinaSearchMode.Auto or JinaSearchMode.Vector.");
        }

        return hybrid;
    }

    /// <summary>The ranked hits, page by page: <c>Top</c> first (twice that with neighbours, which may merge hits; a reranker's candidates with one), then pages twice as large.</summary>
    private static async IAsyncEnumerable<RetrievedChunk<TKey>> RetrieveAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        IKeywordHybridSearchable<JinaDocumentChunk<TKey>>? hybrid,
        string query,
        JinaPassageSearchOptions<TKey> options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TKey : notnull
    {
        // A store may rank the tail of a deeper page slightly differently (fused scores are normalised over the candidates), so a
        // chunk is given once however many pages return it.
        var seen = new HashSet<(string, int)>();
        var skip = 0;
        var page = options.Reranker is not null ? options.RetrievalCount
            : options.NeighborChunks == 0 ? options.Top
            : (int)Math.Min(int.MaxValue / 2, 2L * options.Top);
        while (true)
        {
            var returned = 0;
            if (hybrid is not null)
            {
                // The whole query is the keyword input: stores split it into terms as they split the texts they index.
                var hybridOptions = new HybridSearchOptions<JinaDocumentChunk<TKey>>
                {
                    Filter = options.Filter,
                    VectorProperty = static c => c.Vector,
                    AdditionalProperty = static c => c.Text,
                    Skip = skip,
                };
                await foreach (var result in hybrid.HybridSearchAsync(query, [query], page, hybridOptions, cancellationToken).ConfigureAwait(false))
                {
                    returned++;
                    if (seen.Add((result.Record.DocumentId, result.Record.ChunkIndex)))
                    {
                        yield return new(result.Record, result.Score, JinaRetrievalStage.Hybrid);
                    }
                }
            }
            else
            {
                var vectorOptions = new VectorSearchOptions<JinaDocumentChunk<TKey>> { Filter = options.Filter, VectorProperty = static c => c.Vector, Skip = skip };
                await foreach (var result in collection.SearchAsync(query, page, vectorOptions, cancellationToken).ConfigureAwait(false))
                {
                    returned++;
                    if (seen.Add((result.Record.DocumentId, result.Record.ChunkIndex)))
                    {
                        yield return new(result.Record, result.Score, JinaRetrievalStage.Vector);
                    }
                }
            }

            if (returned < page)
            {
                yield break;
            }

            skip += returned;
            page = (int)Math.Min(int.MaxValue / 2, 2L * page);
        }
    }
}
