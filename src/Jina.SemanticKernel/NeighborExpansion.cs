using Jina.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel;

/// <summary>Turns ranked hits into passages: each hit with the chunks around it, overlapping or touching neighbourhoods merged.</summary>
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

    /// <summary>The most hits one passage holds, as Qdrant's search groups hold three points a group unless told otherwise; a further hit that would join it is passed over.</summary>
    public const int MaxHitsPerPassage = 3;

    /// <summary>The most hits one search reads: enough to fill every passage's neighbourhood with hits of its own.</summary>
    public static int MaxHits(int top, int neighbors) => (int)Math.Min(int.MaxValue, (long)top * ((2L * neighbors) + 1));

    /// <summary>Takes hits in rank order until they form <paramref name="top"/> passages, reads their neighbours, and assembles the passages, best first.</summary>
    /// <remarks>
    /// A hit whose neighbourhood overlaps or touches a passage of its document joins it (unless the passage holds
    /// <see cref="MaxHitsPerPassage"/> hits already); the first hit that would start passage <paramref name="top"/> + 1 ends the
    /// search, so a search for more passages returns the same passages, or longer ones, first.
    /// </remarks>
    /// <param name="collection">The collection the neighbours are read from.</param>
    /// <param name="hits">The ranked hits, best first; read only as far as needed.</param>
    /// <param name="top">How many passages to return.</param>
    /// <param name="neighbors">The most chunks a hit brings on each side.</param>
    /// <param name="tokenBudget">The most tokens the neighbours of one hit hold together, or null for no limit but <paramref name="neighbors"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    public static async Task<IReadOnlyList<JinaPassage>> ExpandAsync<TKey>(
        VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection,
        IAsyncEnumerable<RetrievedChunk<TKey>> hits,
        int top,
        int neighbors,
        int? tokenBudget,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var chunks = new ChunkReader<TKey>(collection);
        var groups = new List<Group<TKey>>();
        var rank = 0;
        var limit = MaxHits(top, neighbors);
        await foreach (var hit in hits.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rank++;
            if (groups.Count == top && !Touches(groups, hit.Chunk.DocumentId, Range(hit.Chunk, neighbors)))
            {
                // The passages are complete and this hit could join none of them, even with its widest neighbourhood
                // (a token budget only narrows it): stop before reading its neighbours.
                break;
            }

            var (first, last) = tokenBudget is int budget
                ? await BudgetedRangeAsync(chunks, hit.Chunk, neighbors, budget, cancellationToken).ConfigureAwait(false)
                : Range(hit.Chunk, neighbors);
            var touched = groups.Where(g => g.Touches(hit.Chunk.DocumentId, first, last)).ToList();
            if (touched.Count == 0 && groups.Count == top)
            {
                break;
            }

            var member = new Member<TKey>(hit, rank, first, last);
            if (touched.Count == 0)
            {
                groups.Add(new Group<TKey>(hit.Chunk.DocumentId, member));
            }
            else if (touched.Sum(static g => g.Members.Count) < MaxHitsPerPassage)
            {
                // A hit between two passages of a document bridges them into one.
                touched[0].Add(member);
                foreach (var other in touched.Skip(1))
                {
                    touched[0].Absorb(other);
                    _ = groups.Remove(other);
                }
            }

            // Otherwise the passage it would join is full, and the hit is passed over.
            if (rank == limit)
            {
                break;
            }
        }

        var passages = new List<JinaPassage>();
        foreach (var group in groups)
        {
            var read = await chunks.ReadAsync(group.DocumentId, group.First, group.Last, cancellationToken).ConfigureAwait(false);
            var inRange = new Dictionary<int, JinaDocumentChunk<TKey>>();
            foreach (var chunk in read)
            {
                inRange[chunk.ChunkIndex] = chunk;
            }

            foreach (var member in group.Members)
            {
                // The hit itself is always part of its passage, even if it left the store since it was found.
                _ = inRange.TryAdd(member.Hit.Chunk.ChunkIndex, member.Hit.Chunk);
            }

            foreach (var run in ContiguousRuns(inRange.Values.OrderBy(static c => c.ChunkIndex)))
            {
                passages.AddRange(Assemble(run, group.Members));
            }
        }

        passages.Sort(static (a, b) => a.Rank.CompareTo(b.Rank));
        return passages.Count > top ? passages[..top] : passages;
    }

    private static bool Touches<TKey>(List<Group<TKey>> groups, string documentId, (int First, int Last) range)
        where TKey : notnull => groups.Exists(g => g.Touches(documentId, range.First, range.Last));

    /// <summary>The chunk range of a hit and <paramref name="neighbors"/> chunks either side, clipped to the document.</summary>
    internal static (int First, int Last) Range<TKey>(JinaDocumentChunk<TKey> hit, int neighbors)
        where TKey : notnull
    {
        var index = hit.ChunkIndex;
        var last = index + neighbors;
        if (hit.ChunkCount > 0)
        {
            last = Math.Max(index, Math.Min(last, hit.ChunkCount - 1));
        }

        return (Math.Max(0, index - neighbors), last);
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

    /// <summary>The range of a hit and the neighbours whose estimated tokens fit the budget: nearest first, before then after, each side ending at the first that does not fit.</summary>
    private static async Task<(int First, int Last)> BudgetedRangeAsync<TKey>(
        ChunkReader<TKey> chunks,
        JinaDocumentChunk<TKey> hit,
        int neighbors,
        int budget,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var (lowest, highest) = Range(hit, neighbors);
        var read = await chunks.ReadAsync(hit.DocumentId, lowest, highest, cancellationToken).ConfigureAwait(false);
        var byIndex = read.ToDictionary(static c => c.ChunkIndex);
        int first = hit.ChunkIndex, last = hit.ChunkIndex;
        bool before = first > lowest, after = last < highest;
        for (var distance = 1; before || after; distance++)
        {
            before = before && Fits(hit.ChunkIndex - distance, ref first);
            after = after && Fits(hit.ChunkIndex + distance, ref last);
        }

        return (first, last);

        bool Fits(int index, ref int end)
        {
            if (index < lowest || index > highest || !byIndex.TryGetValue(index, out var chunk))
            {
                return false;
            }

            var tokens = TokenCounter.Estimate.Count(chunk.Text);
            if (tokens > budget)
            {
                return false;
            }

            budget -= tokens;
            end = index;
            return true;
        }
    }

    /// <summary>Makes the passages of a run of consecutive chunks: its chunks that a hit in the run reaches, split where none does.</summary>
    private static IEnumerable<JinaPassage> Assemble<TKey>(List<JinaDocumentChunk<TKey>> run, IReadOnlyList<Member<TKey>> members)
        where TKey : notnull
    {
        var first = run[0].ChunkIndex;
        var last = run[^1].ChunkIndex;
        var inRun = members.Where(m => m.Hit.Chunk.ChunkIndex >= first && m.Hit.Chunk.ChunkIndex <= last).ToList();

        // A chunk reached only by a hit that a missing chunk cuts it off from stays out; so do the chunks past it.
        var reached = run.Where(c => inRun.Any(m => m.Covers(c.ChunkIndex))).ToList();
        foreach (var part in ContiguousRuns(reached))
        {
            var partMembers = inRun.Where(m => m.Hit.Chunk.ChunkIndex >= part[0].ChunkIndex && m.Hit.Chunk.ChunkIndex <= part[^1].ChunkIndex).ToList();
            if (partMembers.Count == 0)
            {
                continue;
            }

            var chunks = new List<JinaPassageChunk>(part.Count);
            foreach (var chunk in part)
            {
                var own = partMembers.FirstOrDefault(m => m.Hit.Chunk.ChunkIndex == chunk.ChunkIndex);
                var best = partMembers.Where(m => m.Covers(chunk.ChunkIndex)).MinBy(static m => m.Rank)!;
                var found = best.Hit.Chunk.ChunkIndex == chunk.ChunkIndex;
                chunks.Add(new()
                {
                    ChunkIndex = chunk.ChunkIndex,
                    Text = chunk.Text,
                    Start = chunk.Start,
                    Length = chunk.Length,
                    Stage = found ? best.Hit.Stage : JinaRetrievalStage.Neighbor,
                    Rank = best.Rank,
                    Score = own?.Hit.Score,
                });
            }

            var top = partMembers.MinBy(static m => m.Rank)!;
            yield return new JinaPassage
            {
                DocumentId = top.Hit.Chunk.DocumentId,
                Source = top.Hit.Chunk.Source,
                Text = string.Concat(part.Select(static c => c.Text)),
                Start = part[0].Start,
                Length = part[^1].Start + part[^1].Length - part[0].Start,
                Rank = top.Rank,
                Score = top.Hit.Score,
                Stage = top.Hit.Stage,
                Chunks = chunks,
            };
        }
    }

    /// <summary>A hit taken into a passage, with its rank and the range of chunks it brings.</summary>
    private sealed record Member<TKey>(RetrievedChunk<TKey> Hit, int Rank, int First, int Last)
        where TKey : notnull
    {
        public bool Covers(int index) => index >= First && index <= Last;
    }

    /// <summary>A passage being formed: the hits of one document whose ranges overlap or touch, and the range they cover together.</summary>
    private sealed class Group<TKey>(string documentId, Member<TKey> first)
        where TKey : notnull
    {
        private readonly List<Member<TKey>> _members = [first];

        public string DocumentId { get; } = documentId;

        public int First { get; private set; } = first.First;

        public int Last { get; private set; } = first.Last;

        public IReadOnlyList<Member<TKey>> Members => _members;

        public bool Touches(string documentId, int first, int last)
            => string.Equals(DocumentId, documentId, StringComparison.Ordinal) && first <= Last + 1 && last >= First - 1;

        public void Add(Member<TKey> member)
        {
            _members.Add(member);
            First = Math.Min(First, member.First);
            Last = Math.Max(Last, member.Last);
        }

        public void Absorb(Group<TKey> other)
        {
            foreach (var member in other._members)
            {
                Add(member);
            }
        }
    }

    /// <summary>Reads chunks of documents by index range through a filter on the data properties, each chunk at most once.</summary>
    private sealed class ChunkReader<TKey>(VectorStoreCollection<TKey, JinaDocumentChunk<TKey>> collection)
        where TKey : notnull
    {
        // Per document, the chunks read so far, and the indexes asked for (found or not), so no range is read twice.
        private readonly Dictionary<string, (Dictionary<int, JinaDocumentChunk<TKey>> Chunks, HashSet<int> Asked)> _documents = new(StringComparer.Ordinal);

        public async Task<List<JinaDocumentChunk<TKey>>> ReadAsync(string documentId, int first, int last, CancellationToken cancellationToken)
        {
            if (!_documents.TryGetValue(documentId, out var known))
            {
                known = (new(), new());
                _documents[documentId] = known;
            }

            var missing = Enumerable.Range(first, last - first + 1).Where(i => !known.Asked.Contains(i)).ToList();
            if (missing.Count > 0)
            {
                int from = missing[0], to = missing[^1];
                await foreach (var chunk in collection
                    .GetAsync(c => c.DocumentId == documentId && c.ChunkIndex >= from && c.ChunkIndex <= to, to - from + 1, null, cancellationToken)
                    .ConfigureAwait(false))
                {
                    _ = known.Chunks.TryAdd(chunk.ChunkIndex, chunk);
                }

                known.Asked.UnionWith(Enumerable.Range(from, to - from + 1));
            }

            return [.. Enumerable.Range(first, last - first + 1).Where(known.Chunks.ContainsKey).Select(i => known.Chunks[i])];
        }
    }
}
