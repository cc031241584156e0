using System.Runtime.CompilerServices;
using Jina.VectorData.InMemory.Internal;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory;

/// <summary>Hybrid search: a vector ranking and a BM25 keyword ranking of a full-text property, fused by their normalised scores.</summary>
public sealed partial class InMemoryCollection<TKey, TRecord> : IKeywordHybridSearchable<TRecord>
{
    /// <summary>The fewest candidates each of the two rankings contributes to a hybrid search.</summary>
    internal const int MinHybridCandidates = 50;

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Two rankings of the records that pass <see cref="HybridSearchOptions{TRecord}.Filter"/> are fused: the vector ranking of
    /// <paramref name="searchValue"/> (a vector, or input the vector property's generator embeds, as in
    /// <see cref="SearchAsync{TInput}"/>), and the BM25 ranking (k1 = 1.2, b = 0.75) of the full-text property — the one
    /// <see cref="HybridSearchOptions{TRecord}.AdditionalProperty"/> names, or the only string property marked
    /// <see cref="VectorStoreDataProperty.IsFullTextIndexed"/> — for the terms of <paramref name="keywords"/>. A record needs to
    /// hold only one of the terms to be ranked; the more of them it holds, and the rarer they are, the higher it ranks.
    /// </para>
    /// <para>
    /// Text and keywords are split into terms the same way: lower-cased words of letters and digits in any script; Chinese, Japanese
    /// and Korean text, which has no spaces between words, into single characters and pairs of adjacent characters. So a keyword may
    /// be a whole question (<c>["为什么我的光剑在闪烁?"]</c>) as well as a list of words. There is no stemming and no stop-word list.
    /// </para>
    /// <para>
    /// Each ranking contributes its best <c>max(50, 2 × (Skip + top))</c> records, and they are fused by relative score (Weaviate's
    /// default fusion and weight): vector scores are scaled 0…1 over the vector candidates (best 1, last 0), BM25 scores divided by
    /// the best BM25 score, and a record scores <c>0.75 · vector + 0.25 · keyword</c>, 0 for a ranking it is missing from. So the
    /// vector ranking leads, a strong keyword match (a name, a rare term, Chinese words an English-only model never learned) lifts
    /// its record, and keywords that match weakly everywhere change little. That score, 0…1, is what the results carry and what
    /// <see cref="HybridSearchOptions{TRecord}.ScoreThreshold"/> is compared with (at least the threshold is kept). Without any
    /// keyword term the order is the vector ranking's. The property's keyword index is built on its first hybrid search and kept
    /// current on every upsert and delete after that.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">No full-text property is named and the record has none or several, or the named one is not full-text indexed or holds no text.</exception>
    public IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchAsync<TInput>(
        TInput searchValue,
        ICollection<string> keywords,
        int top,
        HybridSearchOptions<TRecord>? options = null,
        CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        _ = CheckIncludeVectors(options.IncludeVectors);
        var vectorProperty = _model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord> { VectorProperty = options.VectorProperty });
        var textProperty = _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        if (textProperty.Type != typeof(string) && !typeof(IEnumerable<string>).IsAssignableFrom(textProperty.Type))
        {
            throw new InvalidOperationException(
                $"Property '{textProperty.ModelName}' is of type '{textProperty.Type.Name}'; full-text search needs a string property (or a collection of strings).");
        }

        return HybridSearchCoreAsync(searchValue, [.. keywords], top, options, vectorProperty, textProperty, cancellationToken);
    }

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchCoreAsync<TInput>(
        TInput searchValue,
        string[] keywords,
        int top,
        HybridSearchOptions<TRecord> options,
        VectorPropertyModel vectorProperty,
        DataPropertyModel textProperty,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TInput : notnull
    {
        // A bit vector property ranks by Hamming distance, a float one by its distance function.
        var bits = BitVectors.IsBitType(vectorProperty.EmbeddingType);
        var query = bits ? default : await GetQueryVectorAsync(searchValue, vectorProperty, cancellationToken).ConfigureAwait(false);
        var queryBits = bits ? await GetQueryBitsAsync(searchValue, vectorProperty, cancellationToken).ConfigureAwait(false) : null;

        var binding = GetBinding("HybridSearch");
        var vectorIndex = IndexOfVectorProperty(vectorProperty);
        var kind = _distances[vectorIndex];
        var filter = options.Filter is null ? null : CompileFilter(binding, options.Filter);
        var storage = binding.Storage;
        var column = storage.Vectors[binding.VectorColumns[vectorIndex]];
        var depth = (int)Math.Min(Math.Max(MinHybridCandidates, 2L * ((long)options.Skip + top)), int.MaxValue);

        var results = HybridSearchLocked(
            binding,
            binding.SlotsByModelName[textProperty.ModelName],
            keywords,
            filter,
            depth,
            DistanceScorer.HigherIsBetter(kind),
            k => queryBits is not null
                ? ScanBits(storage, column, queryBits, filter, threshold: null, k, cancellationToken)
                : Scan(storage, column, query.ToArray(), kind, filter, threshold: null, k, cancellationToken),
            top,
            options,
            cancellationToken);
        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }
    }

    /// <summary>Under the read lock, ranks the best <paramref name="depth"/> rows by vector and by keyword, fuses the two rankings, and copies out the page.</summary>
    private List<VectorSearchResult<TRecord>> HybridSearchLocked(
        StorageBinding binding,
        int textSlot,
        string[] keywords,
        Func<object?[], bool>? filter,
        int depth,
        bool higherIsBetter,
        Func<int, (int Row, float Score)[]> vectorScan,
        int top,
        HybridSearchOptions<TRecord> options,
        CancellationToken cancellationToken)
    {
        var results = new List<VectorSearchResult<TRecord>>();
        var storage = binding.Storage;
        storage.Lock.EnterReadLock();
        try
        {
            depth = Math.Min(depth, storage.Count);
            if (depth == 0)
            {
                return results;
            }

            var rows = storage.Rows;
            var vector = vectorScan(depth);
            var keyword = storage.GetOrBuildTextIndex(textSlot).Search(
                keywords,
                filter is null ? null : row => filter(rows[row]!),
                depth,
                cancellationToken);

            var skipped = 0;
            foreach (var (row, score) in RelativeScoreFusion.Fuse([.. vector.Select(static v => (v.Row, (double)v.Score))], higherIsBetter, keyword))
            {
                if (options.ScoreThreshold is { } threshold && score < threshold)
                {
                    break;
                }

                if (skipped++ < options.Skip)
                {
                    continue;
                }

                results.Add(new(Materialize(binding, rows[row]!, row, options.IncludeVectors), score));
                if (results.Count == top)
                {
                    break;
                }
            }

            return results;
        }
        finally
        {
            storage.Lock.ExitReadLock();
        }
    }
}
