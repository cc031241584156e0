using System.Buffers;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The full-text index of one text column: for every term, the rows whose text holds it and how often; scored with BM25.</summary>
/// <remarks>
/// <para>
/// BM25 as Lucene and Elasticsearch compute it, with <see cref="K1"/> = 1.2 (how quickly repeating a term stops adding to the score)
/// and <see cref="B"/> = 0.75 (how much a long text is penalised against the average length):
/// <c>score(row) = Σ over query terms t of idf(t) · f·(k1 + 1) / (f + k1·(1 − b + b·|row| / avgdl))</c>, where <c>f</c> is how often
/// <c>t</c> occurs in the row, <c>|row|</c> the row's number of terms, <c>avgdl</c> the average over the indexed rows, and
/// <c>idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))</c> with <c>N</c> rows indexed and <c>n(t)</c> of them holding <c>t</c>.
/// A query term counts once however often it is repeated. Terms come from <see cref="TermReader"/>.
/// </para>
/// <para>
/// Maintained on every write and removal (callers hold the storage's write lock); searches only read it (under the read lock).
/// A removed or replaced row's postings are left in place and skipped by version, and a term's postings are compacted once more
/// than half of them are stale, so removal costs the row's own terms, not the length of their posting lists.
/// </para>
/// </remarks>
internal sealed class InvertedIndex
{
    /// <summary>BM25's term-frequency saturation.</summary>
    public const double K1 = 1.2;

    /// <summary>BM25's length normalisation.</summary>
    public const double B = 0.75;

    private const int CompactionFloor = 8;

    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<Postings> _postings = [];
    private readonly List<int> _scratch = [];

    private int[] _lengths = [];
    private int[] _versions = [];
    private int[]?[] _rowTerms = [];

    public InvertedIndex()
    {
        _lookup = _termIds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the number of rows indexed: rows whose value is not null.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>Gets the number of terms of all indexed rows together.</summary>
    public long TotalLength { get; private set; }

    /// <summary>Gets the average number of terms of an indexed row.</summary>
    public double AverageLength => DocumentCount == 0 ? 0 : (double)TotalLength / DocumentCount;

    /// <summary>Indexes the value of a row (a string, or strings), replacing what the row held before; null removes the row.</summary>
    /// <remarks>Never throws, because it runs inside a write: a value of another type (which a search refuses up front) is indexed as holding no terms.</remarks>
    public void Set(int row, object? value)
    {
        Remove(row);
        if (value is null)
        {
            return;
        }

        EnsureCapacity(row + 1);
        _scratch.Clear();
        Span<char> buffer = stackalloc char[TermReader.MaxTermLength];
        if (value is string text)
        {
            AddTerms(text, buffer);
        }
        else if (value is IEnumerable<string?> texts)
        {
            foreach (var item in texts)
            {
                AddTerms(item, buffer);
            }
        }

        // Sorting the row's term ids groups repeats: each run is one distinct term, its length the term's frequency.
        _scratch.Sort();
        var distinct = 0;
        for (var i = 0; i < _scratch.Count; i++)
        {
            distinct += i == 0 || _scratch[i] != _scratch[i - 1] ? 1 : 0;
        }

        var terms = new int[distinct];
        var version = _versions[row];
        for (int i = 0, d = 0; i < _scratch.Count; d++)
        {
            var run = i;
            while (i < _scratch.Count && _scratch[i] == _scratch[run])
            {
                i++;
            }

            terms[d] = _scratch[run];
            _postings[terms[d]].Add(row, version, i - run);
        }

        _rowTerms[row] = terms;
        _lengths[row] = _scratch.Count;
        DocumentCount++;
        TotalLength += _scratch.Count;
    }

    /// <summary>Removes a row from the index; a row not indexed is ignored.</summary>
    public void Remove(int row)
    {
        if (row >= _rowTerms.Length || _rowTerms[row] is not { } terms)
        {
            return;
        }

        // Bumping the version makes every posting of the row stale at once.
        _versions[row]++;
        foreach (var term in terms)
        {
            var postings = _postings[term];
            postings.Live--;
            if (postings.Count >= CompactionFloor && postings.Live < postings.Count / 2)
            {
                postings.Compact(_versions);
            }
            else if (postings.Live == 0)
            {
                postings.Clear();
            }
        }

        _rowTerms[row] = null;
        DocumentCount--;
        TotalLength -= _lengths[row];
        _lengths[row] = 0;
    }

    /// <summary>Gets in how many indexed rows a term occurs (the term as <see cref="TermReader"/> gives it).</summary>
    public int DocumentFrequency(string term) => _lookup.TryGetValue(term, out var id) ? _postings[id].Live : 0;

    /// <summary>Gets how often a term occurs in a row (a scan of the term's postings, for diagnostics and tests).</summary>
    public int TermFrequency(int row, string term)
    {
        if (!_lookup.TryGetValue(term, out var id) || row >= _versions.Length)
        {
            return 0;
        }

        var postings = _postings[id];
        for (var i = 0; i < postings.Count; i++)
        {
            var (postingRow, version, frequency) = postings.Entries[i];
            if (postingRow == row && version == _versions[row])
            {
                return frequency;
            }
        }

        return 0;
    }

    /// <summary>Gets the number of terms of a row's text.</summary>
    public int Length(int row) => row < _lengths.Length ? _lengths[row] : 0;

    /// <summary>Returns the best-scoring rows for keywords, best first: at most <paramref name="k"/> rows that hold at least one of their terms.</summary>
    /// <param name="keywords">The keywords; each is split into terms as the indexed text was.</param>
    /// <param name="accept">Whether a row may be returned (a filter), or null for all.</param>
    /// <param name="k">The number of rows wanted.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    public (int Row, double Score)[] Search(IEnumerable<string> keywords, Func<int, bool>? accept, int k, CancellationToken cancellationToken)
    {
        var queryTerms = QueryTerms(keywords);
        if (queryTerms.Count == 0 || DocumentCount == 0 || k <= 0)
        {
            return [];
        }

        // Dense, pooled accumulators: a common term's postings touch a large share of the rows.
        var scores = ArrayPool<double>.Shared.Rent(_lengths.Length);
        var touched = ArrayPool<int>.Shared.Rent(_lengths.Length);
        var touchedCount = 0;
        try
        {
            Array.Clear(scores, 0, _lengths.Length);
            double n = DocumentCount;
            var averageLength = AverageLength;
            foreach (var term in queryTerms)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var postings = _postings[term];
                var idf = InverseDocumentFrequency(n, postings.Live);
                var entries = postings.Entries;
                for (var i = 0; i < postings.Count; i++)
                {
                    var (row, version, frequency) = entries[i];
                    if (version != _versions[row])
                    {
                        continue;
                    }

                    if (scores[row] == 0)
                    {
                        touched[touchedCount++] = row;
                    }

                    scores[row] += idf * TermWeight(frequency, _lengths[row], averageLength);
                }
            }

            var heap = new TopK(Math.Min(k, touchedCount));
            foreach (var row in touched.AsSpan(0, touchedCount))
            {
                if (accept is null || accept(row))
                {
                    heap.Offer(row, scores[row], (float)scores[row]);
                }
            }

            var best = heap.ToSortedArray();
            var result = new (int Row, double Score)[best.Length];
            for (var i = 0; i < best.Length; i++)
            {
                result[i] = (best[i].Row, scores[best[i].Row]);
            }

            return result;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(touched);
        }
    }

    /// <summary>BM25's inverse document frequency of a term held by <paramref name="documentFrequency"/> of <paramref name="documentCount"/> rows.</summary>
    internal static double InverseDocumentFrequency(double documentCount, int documentFrequency)
        => Math.Log(1 + ((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    /// <summary>BM25's saturated, length-normalised weight of a term occurring <paramref name="frequency"/> times in a row of <paramref name="length"/> terms.</summary>
    internal static double TermWeight(int frequency, int length, double averageLength)
        => frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / averageLength))));

    private HashSet<int> QueryTerms(IEnumerable<string> keywords)
    {
        var ids = new HashSet<int>();
        Span<char> buffer = stackalloc char[TermReader.MaxTermLength];
        foreach (var keyword in keywords)
        {
            if (keyword is null)
            {
                continue;
            }

            var reader = new TermReader(keyword, buffer);
            while (reader.MoveNext())
            {
                if (_lookup.TryGetValue(reader.Current, out var id) && _postings[id].Live > 0)
                {
                    _ = ids.Add(id);
                }
            }
        }

        return ids;
    }

    private void AddTerms(string? text, Span<char> buffer)
    {
        if (text is null)
        {
            return;
        }

        var reader = new TermReader(text, buffer);
        while (reader.MoveNext())
        {
            if (!_lookup.TryGetValue(reader.Current, out var id))
            {
                id = _postings.Count;
                _postings.Add(new Postings());
                _ = _lookup.TryAdd(reader.Current, id);
            }

            _scratch.Add(id);
        }
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _lengths.Length)
        {
            return;
        }

        var capacity = Math.Max(rows, Math.Max(16, _lengths.Length * 2));
        Array.Resize(ref _lengths, capacity);
        Array.Resize(ref _versions, capacity);
        Array.Resize(ref _rowTerms, capacity);
    }

    /// <summary>The rows holding one term: a growable array of (row, version, frequency), some of them stale.</summary>
    private sealed class Postings
    {
        public (int Row, int Version, int Frequency)[] Entries { get; private set; } = [];

        public int Count { get; private set; }

        /// <summary>Gets or sets the number of entries that are not stale: the term's document frequency.</summary>
        public int Live { get; set; }

        public void Add(int row, int version, int frequency)
        {
            if (Count == Entries.Length)
            {
                var entries = Entries;
                Array.Resize(ref entries, Math.Max(4, Count * 2));
                Entries = entries;
            }

            Entries[Count++] = (row, version, frequency);
            Live++;
        }

        public void Compact(int[] versions)
        {
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                if (Entries[i].Version == versions[Entries[i].Row])
                {
                    Entries[kept++] = Entries[i];
                }
            }

            Count = kept;
            if (Count < Entries.Length / 4)
            {
                var entries = Entries;
                Array.Resize(ref entries, Math.Max(4, Count * 2));
                Entries = entries;
            }
        }

        public void Clear()
        {
            Entries = [];
            Count = 0;
        }
    }
}
