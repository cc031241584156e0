using Microsoft.ML.OnnxRuntime;

namespace Jina.Extensions.AI.Onnx;

/// <summary>Late chunking: the inputs are consecutive chunks of one document, encoded together and pooled per chunk.</summary>
public sealed partial class OnnxEmbeddingGenerator
{
    private long EmbedLateChunked(IReadOnlyList<string> chunks, CallSettings call, float[] vectors, RunOptions runOptions, CancellationToken cancellationToken)
    {
        // Tokenizing the chunks one after another gives the tokens of the chunks joined with a single space: WordPiece and
        // SentencePiece both split at whitespace first, so no token ever spans the joint. Each chunk's token span is then
        // known exactly, with no offset mapping. The instruction prefix belongs to the first chunk.
        var arena = new List<int>(chunks.Count * 48);
        arena.AddRange(call.Prefix);
        var starts = new int[chunks.Count];
        var ends = new int[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            starts[i] = i == 0 ? 0 : arena.Count;
            var before = arena.Count;
            _tokenizer.Encode(chunks[i], arena);
            if (arena.Count == before)
            {
                throw new ArgumentException($"Chunk {i} has no tokens; every late-chunked input must hold text.", "values");
            }

            ends[i] = arena.Count;
        }

        // A document longer than the context is encoded in windows. Each window starts up to the overlap before the first
        // chunk it owns, so that chunk still sees the text before it; a chunk belongs to the window it ends in.
        var capacity = MaxInputTokens - 2;
        var total = arena.Count;
        var windows = new List<Segment>();
        var owned = new List<(int First, int Last)>();
        for (var next = 0; next < chunks.Count;)
        {
            var ownStart = starts[next];
            // Less context when the chunk would not fit otherwise; none when even the chunk alone does not fit.
            var windowStart = Math.Min(ownStart, Math.Max(Math.Max(0, ownStart - _overlapTokens), ends[next] - capacity));
            if (ends[next] - windowStart > capacity && !call.Truncate)
            {
                throw new ArgumentException(
                    $"Chunk {next} has {ends[next] - ownStart} tokens, more than fit in {_modelId}'s context of {MaxInputTokens}. " +
                    $"Split it into smaller chunks, or set '{JinaPropertyNames.Truncate}' to true to pool only its first {capacity} tokens.", "values");
            }

            var windowEnd = Math.Min(total, windowStart + capacity);
            var last = next;
            while (last + 1 < chunks.Count && ends[last + 1] <= windowEnd)
            {
                last++;
            }

            windows.Add(new Segment(windowStart, windowEnd - windowStart));
            owned.Add((next, last));
            next = last + 1;
        }

        var dimensions = call.Dimensions;
        var normalized = call.Normalized;
        var lastChunk = chunks.Count - 1;
        long tokenCount = 0;
        foreach (var window in windows)
        {
            tokenCount += window.Length + 2;
        }

        ForwardAll(arena, [.. windows], call.TaskId, runOptions, cancellationToken, (w, rows, length) =>
        {
            var window = windows[w];
            var rowWidth = rows.Length / length;
            var (first, lastOwned) = owned[w];
            for (var k = first; k <= lastOwned; k++)
            {
                // Window position p holds document token window.Offset + p - 1; position 0 is the leading special token.
                var from = k == 0 && window.Offset == 0 ? 0 : Math.Max(starts[k], window.Offset) - window.Offset + 1;
                var to = Math.Min(ends[k], window.Offset + window.Length) - window.Offset + 1;
                if (k == lastChunk && window.Offset + window.Length == total)
                {
                    to = length;
                }

                var target = vectors.AsSpan(k * dimensions, dimensions);
                Pool(rows, rowWidth, from, to, target);
                Finish(target, normalized);
            }
        });
        return tokenCount;
    }
}
