using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Turns hits into passages: each hit with the chunks around it, overlapping or touching neighbourhoods merged.</summary>
internal static class NeighborExpansion
{
    /// <summary>Makes a passage of a hit alone.</summary>
    public static JinaPassage Alone<TKey>(RetrievedChunk<TKey> hit, int rank)
        where TKey : notnull
    {
        var chunk = hit.Chunk;
        return new JinaPassage
        {
            DocumentId = chunk.DocumentId,
            Source = chunk.Source,
            Text = chunk.Text,
            Start = chunk.Start,
            Length = chunk.Length,
            Rank = rank,
            Score = hit.Score,
            Stage = hit.Stage,
            Chunks = [new() { ChunkIndex = chunk.ChunkIndex, Text = chunk.Text, Start = chunk.Start, Length = chunk.Length, Stage = hit.Stage, Rank = rank, Score = hit.Score }],
        };
    }

    /// <summary>Reads the neighbours of every hit and assembles the passages, best first.</summary>
    public static async Task<IReadOnlyList<JinaPassage>> ExpandAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        IReadOnlyList<RetrievedChunk<TKey>> hits,
        int neighbors,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var passages = new List<JinaPassage>();
        var ranked = hits.Select(static (hit, i) => (Hit: hit, Rank: i + 1)).ToList();
        foreach (var document in ranked.GroupBy(static h => h.Hit.Chunk.DocumentId, StringComparer.Ordinal))
        {
            foreach (var (first, last) in MergedRanges(document, neighbors))
            {
                var chunks = await ReadRangeAsync(collection, document.Key, first, last, cancellationToken).ConfigureAwait(false);
                foreach (var hit in document)
                {
                    // The hit itself is always part of its passage, even if it left the store since it was found.
                    _ = chunks.TryAdd(hit.Hit.Chunk.ChunkIndex, hit.Hit.Chunk);
                }

                foreach (var run in ContiguousRuns(chunks.Values.Where(c => c.ChunkIndex >= first && c.ChunkIndex <= last).OrderBy(static c => c.ChunkIndex)))
                {
                    if (Assemble(run, [.. document], neighbors) is { } passage)
                    {
                        passages.Add(passage);
                    }
                }
            }
        }

        passages.Sort(static (a, b) => a.Rank.CompareTo(b.Rank));
        return passages;
    }

    /// <summary>The chunk ranges around a document's hits, clipped to the document, merged where they overlap or touch.</summary>
    internal static List<(int First, int Last)> MergedRanges<TKey>(IEnumerable<(RetrievedChunk<TKey> Hit, int Rank)> hits, int neighbors)
        where TKey : notnull
    {
        var ranges = hits
            .Select(h =>
            {
                var index = h.Hit.Chunk.ChunkIndex;
                var last = index + neighbors;
                if (h.Hit.Chunk.ChunkCount > 0)
                {
                    last = Math.Max(index, Math.Min(last, h.Hit.Chunk.ChunkCount - 1));
                }

                return (First: Math.Max(0, index - neighbors), Last: last);
            })
            .OrderBy(static r => r.First)
            .ToList();

        var merged = new List<(int First, int Last)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.First <= merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, range.Last));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>Splits chunks ordered by index where an index is missing or a span does not start where the previous one ended.</summary>
    internal static IEnumerable<List<JinaDocumentChunk<TKey>>> ContiguousRuns<TKey>(IEnumerable<JinaDocumentChunk<TKey>> ordered)
        where TKey : notnull
    {
        var run = new List<JinaDocumentChunk<TKey>>();
        foreach (var chunk in ordered)
        {
            if (run.Count > 0 && (chunk.ChunkIndex != run[^1].ChunkIndex + 1 || chunk.Start != run[^1].Start + run[^1].Length))
            {
                yield return run;
                run = [];
            }

            run.Add(chunk);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static async Task<Dictionary<int, JinaDocumentChunk<TKey>>> ReadRangeAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        string documentId,
        int first,
        int last,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var chunks = new Dictionary<int, JinaDocumentChunk<TKey>>();
        await foreach (var chunk in collection
            .GetAsync(c => c.DocumentId == documentId && c.ChunkIndex >= first && c.ChunkIndex <= last, last - first + 1, null, cancellationToken)
            .ConfigureAwait(false))
        {
            _ = chunks.TryAdd(chunk.ChunkIndex, chunk);
        }

        return chunks;
    }

    /// <summary>Makes a passage of a run of consecutive chunks, or null when no hit is in the run (neighbours cut off from their hit).</summary>
    private static JinaPassage? Assemble<TKey>(List<JinaDocumentChunk<TKey>> run, List<(RetrievedChunk<TKey> Hit, int Rank)> hits, int neighbors)
        where TKey : notnull
    {
        var first = run[0].ChunkIndex;
        var last = run[^1].ChunkIndex;
        var inRun = hits.Where(h => h.Hit.Chunk.ChunkIndex >= first && h.Hit.Chunk.ChunkIndex <= last).ToList();
        if (inRun.Count == 0)
        {
            return null;
        }

        var chunks = new List<JinaPassageChunk>(run.Count);
        foreach (var chunk in run)
        {
            var own = inRun.FirstOrDefault(h => h.Hit.Chunk.ChunkIndex == chunk.ChunkIndex);
            var (hit, rank) = inRun.Where(h => Math.Abs(h.Hit.Chunk.ChunkIndex - chunk.ChunkIndex) <= neighbors).MinBy(static h => h.Rank);
            var found = hit.Chunk.ChunkIndex == chunk.ChunkIndex;
            chunks.Add(new()
            {
                ChunkIndex = chunk.ChunkIndex,
                Text = chunk.Text,
                Start = chunk.Start,
                Length = chunk.Length,
                Stage = found ? hit.Stage : JinaRetrievalStage.Neighbor,
                Rank = rank,
                Score = own.Hit?.Score,
            });
        }

        var best = inRun.MinBy(static h => h.Rank);
        return new JinaPassage
        {
            DocumentId = best.Hit.Chunk.DocumentId,
            Source = best.Hit.Chunk.Source,
            Text = string.Concat(run.Select(static c => c.Text)),
            Start = run[0].Start,
            Length = run[^1].Start + run[^1].Length - run[0].Start,
            Rank = best.Rank,
            Score = best.Hit.Score,
            Stage = best.Hit.Stage,
            Chunks = chunks,
        };
    }
}
