using Jina.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>The reranking stage of the passage search: between retrieval and the chunks around each hit.</summary>
public static partial class JinaPassageSearchExtensions
{
    // The candidates' texts go to the reranker in retrieval order; its best 'top' become the hits, scored by it. Duplicate texts
    // (a chunk repeated across documents) are sent as they are: each is a candidate of its own.
    private static async Task<List<RetrievedChunk<TKey>>> RerankAsync<TKey>(
        JinaReranker reranker, string query, List<RetrievedChunk<TKey>> candidates, int top, CancellationToken cancellationToken)
        where TKey : notnull
    {
        if (candidates.Count == 0)
        {
            return candidates;
        }

        JinaRerankResult ranked = await reranker.RerankAsync(
            query, candidates.Select(static c => c.Chunk.Text), new JinaRerankOptions { TopN = Math.Min(top, candidates.Count) }, cancellationToken).ConfigureAwait(false);
        return [.. ranked.Select(r => new RetrievedChunk<TKey>(candidates[r.Index].Chunk, r.RelevanceScore, JinaRetrievalStage.Reranked))];
    }
}
