using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Jina.VectorData.InMemory.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory;

/// <summary>Bit vectors: Hamming search over packed 64-bit words, and the two-stage search that rescores its candidates with float vectors.</summary>
public sealed partial class InMemoryCollection<TKey, TRecord>
{
    /// <summary>Searches bit vectors for the best candidates by Hamming distance, then ranks those candidates by their float vectors.</summary>
    /// <remarks>
    /// <para>
    /// The standard two-stage pattern of binary quantization: the record type keeps each vector twice, as bits
    /// (<see cref="BitArray"/> or <see cref="BinaryEmbedding"/>, compared by <see cref="DistanceFunction.HammingDistance"/>) and
    /// as floats. The Hamming scan reads a thirty-second of the memory the float scan reads, and finds
    /// <see cref="RescoringSearchOptions{TRecord}.Oversampling"/> times as many candidates as asked for; only those are scored with
    /// the float property's distance function, and the results carry that score. A candidate whose record has no float vector
    /// cannot be rescored and is left out.
    /// </para>
    /// <para>
    /// The bits of the query are the signs of its float vector (1 for a positive value), as the Jina API computes <c>ubinary</c>
    /// vectors, so one float embedding of the query serves both stages: <paramref name="searchValue"/> is a float vector, or an
    /// input for the float property's embedding generator.
    /// </para>
    /// </remarks>
    /// <typeparam name="TInput">The type of the search value.</typeparam>
    /// <param name="searchValue">A float vector (<see cref="ReadOnlyMemory{T}"/>, <see cref="float"/> array, <see cref="Embedding{T}"/>) or input for the float property's generator.</param>
    /// <param name="top">The number of results to return.</param>
    /// <param name="options">The properties to use, the oversampling, a filter, or <see langword="null"/> for the collection's only bit and float properties.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The best records by the float property's score, best first.</returns>
    /// <exception cref="ArgumentException">The collection lacks a bit or a float vector property, has several and none is named, or the bit property is longer than the float one.</exception>
    [Experimental(JinaExperiments.Rescoring, UrlFormat = JinaExperiments.RescoringUrl)]
    public IAsyncEnumerable<VectorSearchResult<TRecord>> SearchWithRescoringAsync<TInput>(
        TInput searchValue,
        int top,
        RescoringSearchOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Oversampling, 1, nameof(options));
        _ = CheckIncludeVectors(options.IncludeVectors);

        var bitProperty = FindVectorProperty(options.BitVectorProperty, bits: true);
        var floatProperty = FindVectorProperty(options.VectorProperty, bits: false);
        if (bitProperty.Dimensions > floatProperty.Dimensions)
        {
            throw new ArgumentException(
                $"Bit vector property '{bitProperty.ModelName}' has {bitProperty.Dimensions} dimensions, more than the {floatProperty.Dimensions} of " +
                $"float vector property '{floatProperty.ModelName}' whose signs make the query's bits.",
                nameof(options));
        }

        return SearchWithRescoringCoreAsync(searchValue, top, options, bitProperty, floatProperty, cancellationToken);
    }

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchWithRescoringCoreAsync<TInput>(
        TInput searchValue,
        int top,
        RescoringSearchOptions<TRecord> options,
        VectorPropertyModel bitProperty,
        VectorPropertyModel floatProperty,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = await GetQueryVectorAsync(searchValue, floatProperty, cancellationToken).ConfigureAwait(false);
        var queryBits = BitVectors.PackSigns(query.Span, bitProperty.Dimensions);

        var binding = GetBinding("Search");
        var floatIndex = IndexOfVectorProperty(floatProperty);
        var kind = _distances[floatIndex];
        var filter = options.Filter is null ? null : CompileFilter(binding, options.Filter);
        var storage = binding.Storage;

        var bitColumn = storage.Vectors[binding.VectorColumns[IndexOfVectorProperty(bitProperty)]];
        var floatColumn = storage.Vectors[binding.VectorColumns[floatIndex]];
        var results = SearchLocked(binding, top, options.Skip, options.IncludeVectors, k =>
        {
            var candidates = ScanBits(storage, bitColumn, queryBits, filter, null, (int)Math.Min((long)k * options.Oversampling, storage.Count), cancellationToken);
            return Rescore(candidates, floatColumn, query.Span, kind, options.ScoreThreshold, k);
        });

        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }
    }

    // The second stage: the float score of each candidate that kept its float vector, the best k of them.
    private static (int Row, float Score)[] Rescore((int Row, float Score)[] candidates, VectorColumn floatColumn, ReadOnlySpan<float> query, DistanceKind kind, double? threshold, int k)
    {
        var higherIsBetter = DistanceScorer.HigherIsBetter(kind);
        var heap = new TopK(k);
        var queryNorm = TensorPrimitives.Norm(query);
        var scratch = kind is DistanceKind.EuclideanSquaredDistance or DistanceKind.ManhattanDistance ? new float[floatColumn.Dimensions] : [];
        foreach (var (row, _) in candidates)
        {
            if (!floatColumn.Present[row])
            {
                continue;
            }

            var score = DistanceScorer.Score(kind, query, floatColumn.Row(row), queryNorm, floatColumn.Norms[row], scratch);
            if (float.IsNaN(score) || (threshold is { } t && (higherIsBetter ? score < t : score > t)))
            {
                continue;
            }

            heap.Offer(row, higherIsBetter ? score : -score, score);
        }

        return heap.ToSortedArray();
    }

    // MEVD's SearchAsync on a bit vector property: the best rows by Hamming distance, lowest first; the score is the distance.
    private async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchBitsAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord> options,
        VectorPropertyModel vectorProperty,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queryWords = await GetQueryBitsAsync(searchValue, vectorProperty, cancellationToken).ConfigureAwait(false);
        var binding = GetBinding("Search");
        var filter = options.Filter is null ? null : CompileFilter(binding, options.Filter);
        var storage = binding.Storage;

        var column = storage.Vectors[binding.VectorColumns[IndexOfVectorProperty(vectorProperty)]];
        var results = SearchLocked(binding, top, options.Skip, options.IncludeVectors, k => ScanBits(storage, column, queryWords, filter, options.ScoreThreshold, k, cancellationToken));

        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }
    }

    /// <summary>Reads a search value as a bit vector, or embeds it with the vector property's generator of bits, and packs it.</summary>
    private static async ValueTask<ulong[]> GetQueryBitsAsync<TInput>(TInput searchValue, VectorPropertyModel vectorProperty, CancellationToken cancellationToken)
    {
        var query = searchValue switch
        {
            BitArray bits => bits,
            BinaryEmbedding embedding => embedding.Vector,
            _ when vectorProperty.EmbeddingGenerationDispatcher is not null
                => ((BinaryEmbedding)await vectorProperty.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false)).Vector,
            _ when vectorProperty.EmbeddingGenerator is null
                => throw new NotSupportedException(
                    $"Vector property '{vectorProperty.ModelName}' holds bit vectors: search it with a BitArray or a BinaryEmbedding, or configure an " +
                    $"embedding generator of BinaryEmbedding to search it with a {searchValue!.GetType().Name}."),
            _ => throw new InvalidOperationException(
                $"The embedding generator of vector property '{vectorProperty.ModelName}' cannot turn a {typeof(TInput).Name} into a BinaryEmbedding, which the property's bit vectors need."),
        };

        if (query.Length != vectorProperty.Dimensions)
        {
            throw new ArgumentException(
                $"The search vector has {query.Length} bits, but vector property '{vectorProperty.ModelName}' has {vectorProperty.Dimensions}.",
                nameof(searchValue));
        }

        return BitVectors.PackWords(query);
    }

    // The Hamming scan: per row, one XOR and one popcount per 64-bit word; a threshold keeps distances at most it.
    private static (int Row, float Score)[] ScanBits(
        CollectionStorage storage,
        VectorColumn column,
        ulong[] query,
        Func<object?[], bool>? filter,
        double? threshold,
        int k,
        CancellationToken cancellationToken)
    {
        return RowScan.Run(storage.RowCount, k, ParallelScanThreshold, cancellationToken, ScanRange);

        void ScanRange(int start, int end, TopK heap)
        {
            var rows = storage.Rows;
            var bits = column.Bits;
            var present = column.Present;
            var words = column.Words;
            ReadOnlySpan<ulong> q = query;
            for (var row = start; row < end; row++)
            {
                if (!present[row] || (filter is not null && !filter(rows[row]!)))
                {
                    continue;
                }

                var distance = BitVectors.Hamming(q, new ReadOnlySpan<ulong>(bits, row * words, words));
                if (threshold is { } t && distance > t)
                {
                    continue;
                }

                heap.Offer(row, -distance, distance);
            }
        }
    }

    private VectorPropertyModel FindVectorProperty(Expression<Func<TRecord, object?>>? selector, bool bits)
    {
        if (selector is not null)
        {
            var property = _model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord> { VectorProperty = selector });
            if (BitVectors.IsBitType(property.EmbeddingType) != bits)
            {
                throw new ArgumentException(
                    $"Vector property '{property.ModelName}' holds {(bits ? "float" : "bit")} vectors; name a property of {(bits ? "bit vectors (BitArray, BinaryEmbedding)" : "float vectors")}.",
                    "options");
            }

            return property;
        }

        var matches = _model.VectorProperties.Where(p => BitVectors.IsBitType(p.EmbeddingType) == bits).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new ArgumentException(
                $"Collection '{Name}' has {matches.Count} {(bits ? "bit" : "float")} vector properties; a rescored search needs exactly one, or the one to use named in RescoringSearchOptions.",
                "options");
    }
}
