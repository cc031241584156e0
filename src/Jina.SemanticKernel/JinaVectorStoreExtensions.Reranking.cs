using System.Diagnostics.CodeAnalysis;
using Jina.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.SemanticKernel.Data;

namespace Jina.SemanticKernel;

/// <summary>Semantic Kernel text search over a Jina chunk collection, reranked by Jina's reranker.</summary>
public static partial class JinaVectorStoreExtensions
{
    /// <summary>The candidates a reranked search fetches unless told otherwise: four times what it keeps, and at least 20.</summary>
    internal const int MinRerankCandidates = 20;

    /// <summary>Creates a Semantic Kernel text search over the collection that reranks its candidates with Jina's reranker: values are chunk texts, names and links are their sources.</summary>
    /// <typeparam name="TKey">The collection's key type.</typeparam>
    /// <param name="collection">The collection, opened with <see cref="GetJinaCollectionAsync"/> so that queries are embedded with <c>retrieval.query</c>.</param>
    /// <param name="reranker">The reranker; it is not disposed with the search.</param>
    /// <param name="candidates">How many passages each search fetches from the collection to rerank; 20 unless given (and never fewer than <c>Skip + Top</c>).</param>
    /// <returns>The text search.</returns>
    [Experimental("SKEXP0001")]
    public static JinaRerankingTextSearch<JinaDocumentChunk<TKey>> CreateTextSearch<TKey>(
        this VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection, JinaReranker reranker, int candidates = MinRerankCandidates)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(reranker);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        VectorStoreTextSearch<JinaDocumentChunk<TKey>> inner = collection.CreateTextSearch();
        return new JinaRerankingTextSearch<JinaDocumentChunk<TKey>>(
            inner,
            reranker,
            static chunk => chunk.Text,
            static chunk => new TextSearchResult(chunk.Text) { Name = chunk.Source ?? chunk.DocumentId, Link = chunk.Source },
            candidates);
    }
}
