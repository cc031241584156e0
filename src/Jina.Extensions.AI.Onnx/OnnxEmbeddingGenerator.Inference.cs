using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Jina.Extensions.AI.Onnx;

/// <summary>The forward passes: length-sorted batches padded to their longest input, fed from pooled buffers.</summary>
public sealed partial class OnnxEmbeddingGenerator
{
    private delegate void SegmentHandler(int segment, ReadOnlySpan<float> rows, int length);

    private long EmbedEach(IReadOnlyList<string> inputs, CallSettings call, float[] vectors, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var capacity = MaxInputTokens - 2;
        var arena = new List<int>(inputs.Count * 48);
        var segments = new Segment[inputs.Count];
        long tokenCount = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var start = arena.Count;
            arena.AddRange(call.Prefix);
            _tokenizer.Encode(inputs[i], arena);
            var length = arena.Count - start;
            if (length > capacity)
            {
                if (!call.Truncate)
                {
                    throw new ArgumentException(
                        $"Input {i} has {length + 2} tokens, more than {_modelId}'s context of {MaxInputTokens}. " +
                        $"Set '{JinaPropertyNames.Truncate}' to true to cut it, or split it into chunks (late chunking keeps their context).", "values");
                }

                arena.RemoveRange(start + capacity, length - capacity);
                length = capacity;
            }

            segments[i] = new Segment(start, length);
            tokenCount += length + 2;
        }

        var dimensions = call.Dimensions;
        var normalized = call.Normalized;
        ForwardAll(arena, segments, call.TaskId, runOptions, cancellationToken, (segment, rows, length) =>
        {
            var target = vectors.AsSpan(segment * dimensions, dimensions);
            Pool(rows, rows.Length / length, 0, length, target);
            Finish(target, normalized);
        });
        return tokenCount;
    }

    private void ForwardAll(List<int> arena, Segment[] segments, long taskId, RunOptions runOptions, CancellationToken cancellationToken, SegmentHandler handler)
    {
        // Sorting by length keeps the padding in each batch small; a token budget keeps long batches' attention in bounds.
        var order = new int[segments.Length];
        var lengths = new int[segments.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            lengths[i] = segments[i].Length;
        }

        Array.Sort(lengths, order);
        var batches = new List<(int Start, int Count)>();
        for (var start = 0; start < order.Length;)
        {
            var count = 1;
            while (start + count < order.Length && count < _batchSize && (count + 1) * (lengths[start + count] + 2) <= MaxBatchTokens)
            {
                count++;
            }

            batches.Add((start, count));
            start += count;
        }

        if (_concurrentBatches == 1 || batches.Count == 1)
        {
            foreach (var (start, count) in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Forward(arena, segments, order.AsSpan(start, count), taskId, runOptions, handler);
            }

            return;
        }

        // Whole batches side by side, longest first so that the last ones to finish are short. Each handler call writes
        // only the vectors of its own inputs, so the batches share nothing but the read-only token arena.
        batches.Reverse();
        try
        {
            Parallel.ForEach(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = _concurrentBatches, CancellationToken = cancellationToken },
                batch => Forward(arena, segments, order.AsSpan(batch.Start, batch.Count), taskId, runOptions, handler));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }

    private void Forward(List<int> arena, Segment[] segments, ReadOnlySpan<int> batch, long taskId, RunOptions runOptions, SegmentHandler handler)
    {
        var tokens = CollectionsMarshal.AsSpan(arena);
        var maxLength = 0;
        foreach (var index in batch)
        {
            maxLength = Math.Max(maxLength, segments[index].Length);
        }

        var count = batch.Length;
        var width = maxLength + 2;
        var total = count * width;
        var pool = ArrayPool<long>.Shared;
        var ids = pool.Rent(total);
        var mask = _graph.HasAttentionMask ? pool.Rent(total) : null;
        var types = _graph.HasTokenTypeIds ? pool.Rent(total) : null;
        long[]? taskIds = _graph.TaskIdShape is { } taskShape ? new long[taskShape.Length == 0 ? 1 : taskShape[0] > 0 ? taskShape[0] : count] : null;
        var values = new OrtValue?[_graph.InputNames.Length];
        try
        {
            for (var b = 0; b < count; b++)
            {
                var segment = segments[batch[b]];
                var row = ids.AsSpan(b * width, width);
                row[0] = _tokenizer.BeginId;
                var source = tokens.Slice(segment.Offset, segment.Length);
                for (var j = 0; j < source.Length; j++)
                {
                    row[j + 1] = source[j];
                }

                row[segment.Length + 1] = _tokenizer.EndId;
                row[(segment.Length + 2)..].Fill(_tokenizer.PadId);
                if (mask is not null)
                {
                    var maskRow = mask.AsSpan(b * width, width);
                    maskRow[..(segment.Length + 2)].Fill(1);
                    maskRow[(segment.Length + 2)..].Clear();
                }
            }

            types?.AsSpan(0, total).Clear();
            taskIds?.AsSpan().Fill(taskId);
            long[] shape = [count, width];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _graph.InputNames[i] switch
                {
                    "input_ids" => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, total), shape),
                    "attention_mask" => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, total), shape),
                    "token_type_ids" => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, total), shape),
                    _ => OrtValue.CreateTensorValueFromMemory(taskIds!, _graph.TaskIdShape!.Length == 0 ? [] : [taskIds!.Length]),
                };
            }

            using var outputs = _session.Run(runOptions, _graph.InputNames, values!, _graph.OutputNames);
            var data = outputs[0].GetTensorDataAsSpan<float>();
            if (_graph.TokenOutput)
            {
                var dimensions = data.Length / total;
                for (var b = 0; b < count; b++)
                {
                    var length = segments[batch[b]].Length + 2;
                    handler(batch[b], data.Slice(b * width * dimensions, length * dimensions), length);
                }
            }
            else
            {
                var dimensions = data.Length / count;
                for (var b = 0; b < count; b++)
                {
                    handler(batch[b], data.Slice(b * dimensions, dimensions), 1);
                }
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            pool.Return(ids);
            if (mask is not null)
            {
                pool.Return(mask);
            }

            if (types is not null)
            {
                pool.Return(types);
            }
        }
    }

    /// <summary>Adds up rows [from, to) of a [length, rowWidth] block into <paramref name="target"/> (its first target.Length columns) and divides by their count.</summary>
    private static void Pool(ReadOnlySpan<float> rows, int rowWidth, int from, int to, Span<float> target)
    {
        // Truncating before pooling equals pooling then truncating: only the kept columns are summed.
        var width = target.Length;
        rows.Slice(from * rowWidth, width).CopyTo(target);
        for (var r = from + 1; r < to; r++)
        {
            TensorPrimitives.Add(target, rows.Slice(r * rowWidth, width), target);
        }

        if (to - from > 1)
        {
            TensorPrimitives.Multiply(target, 1f / (to - from), target);
        }
    }

    private static void Finish(Span<float> vector, bool normalized)
    {
        if (normalized)
        {
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Multiply(vector, 1f / norm, vector);
            }
        }
    }

    private readonly record struct Segment(int Offset, int Length);
}
