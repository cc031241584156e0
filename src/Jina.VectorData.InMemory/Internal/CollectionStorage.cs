namespace Jina.VectorData.InMemory.Internal;

/// <summary>The data of one collection: rows of key and data values, and one <see cref="VectorColumn"/> per vector property.</summary>
/// <remarks>
/// Readers (get, search) share a <see cref="ReaderWriterLockSlim"/>; writers (upsert, delete) hold it alone. No lock is held
/// across an await: embeddings are generated and records are prepared before the lock is taken, and results are copied out
/// before it is released. Deleted rows go on a free list and are reused, so the vector buffers stay dense.
/// With a <see cref="Persistence"/>, each upsert or delete call is first committed to the database in one transaction, then
/// applied in memory; a call the database refuses changes nothing.
/// </remarks>
internal sealed partial class CollectionStorage
{
    private const int InitialCapacity = 16;

    /// <summary>The size of a batch, in floats, from which its vectors are copied on all cores.</summary>
    private const long ParallelWriteFloats = 1 << 20;

    private readonly Dictionary<object, int> _rowsByKey = [];
    private readonly Stack<int> _freeRows = new();

    private readonly Lock _writeGate;
    private readonly int _floatsPerRecord;

    public CollectionStorage(StorageSchema schema, SqliteCollectionPersistence? persistence = null)
    {
        Schema = schema;
        Persistence = persistence;
        Vectors = schema.VectorColumns.Select(c => new VectorColumn(c.Dimensions, c.Kind)).ToArray();
        _floatsPerRecord = Math.Max(1, Vectors.Sum(c => c.PayloadLength));

        // Writers of a durable collection take the database's lock, so the database and memory see calls in the same order.
        _writeGate = persistence?.Gate ?? new Lock();
    }

    public StorageSchema Schema { get; }

    /// <summary>Gets where the records are kept on disk, or <see langword="null"/> for a collection held in memory only.</summary>
    public SqliteCollectionPersistence? Persistence { get; }

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Gets the rows: slot 0 holds the key, slot <c>1 + i</c> data column <c>i</c>; a free row is <see langword="null"/>.</summary>
    public object?[]?[] Rows { get; private set; } = [];

    /// <summary>Gets one past the highest row ever used.</summary>
    public int RowCount { get; private set; }

    public VectorColumn[] Vectors { get; }

    /// <summary>Gets the number of records (call under the lock).</summary>
    public int Count => _rowsByKey.Count;

    public bool TryGetRow(object key, out int row) => _rowsByKey.TryGetValue(key, out row);

    /// <summary>Upserts prepared records: persisted in one transaction first, if durable, then written in memory.</summary>
    public void Upsert(IReadOnlyList<StorageRecord> records)
    {
        lock (_writeGate)
        {
            // Room is made first, so that once the database holds the call, writing it in memory cannot fail for lack of it; only
            // keys the collection lacks need rows, so replacing records never grows the buffers.
            Lock.EnterWriteLock();
            try
            {
                var added = 0;
                foreach (var record in records)
                {
                    added += _rowsByKey.ContainsKey(record.Key) ? 0 : 1;
                }

                Reserve(added);
            }
            finally
            {
                Lock.ExitWriteLock();
            }

            Persistence?.Upsert(records);

            Lock.EnterWriteLock();
            try
            {
                if ((long)records.Count * _floatsPerRecord < ParallelWriteFloats || Environment.ProcessorCount == 1)
                {
                    foreach (var record in records)
                    {
                        Write(record.Key, record.Values, record.Vectors.Span);
                    }
                }
                else
                {
                    WriteInParallel(records);
                }
            }
            finally
            {
                Lock.ExitWriteLock();
            }
        }
    }

    /// <summary>Deletes records by key: from the database in one transaction first, if durable, then from memory.</summary>
    public void Delete(IReadOnlyList<object> keys)
    {
        lock (_writeGate)
        {
            Persistence?.Delete(keys);

            Lock.EnterWriteLock();
            try
            {
                foreach (var key in keys)
                {
                    Remove(key);
                }
            }
            finally
            {
                Lock.ExitWriteLock();
            }
        }
    }

    /// <summary>Writes a record: its row, then its vectors (call under the write lock); <paramref name="vectors"/> is indexed by vector column, empty for none.</summary>
    public void Write(object key, object?[] values, ReadOnlySpan<ReadOnlyMemory<float>> vectors)
        => WriteVectors(WriteRow(key, values), vectors);

    /// <summary>Writes a record's key and data values into its row, the one its key had or a new one, and returns the row (call under the write lock).</summary>
    /// <remarks>Every record written goes through here, by upsert or when a collection is loaded, as every record removed goes through <see cref="Remove"/>.</remarks>
    public int WriteRow(object key, object?[] values)
    {
        if (!_rowsByKey.TryGetValue(key, out var row))
        {
            row = _freeRows.Count > 0 ? _freeRows.Pop() : NextRow();
            _rowsByKey.Add(key, row);
        }

        Rows[row] = values;
        UpdateTextIndexes(row, values);
        return row;
    }

    /// <summary>Removes a record (call under the write lock).</summary>
    public void Remove(object key)
    {
        if (_rowsByKey.Remove(key, out var row))
        {
            Rows[row] = null;
            RemoveFromTextIndexes(row);
            foreach (var column in Vectors)
            {
                column.Clear(row);
            }

            _freeRows.Push(row);
        }
    }

    /// <summary>Makes room for <paramref name="records"/> more records at once, so a large batch grows the buffers once (call under the write lock).</summary>
    public void Reserve(int records)
    {
        var needed = (long)RowCount + Math.Max(0, records - _freeRows.Count);
        if (needed > Rows.Length)
        {
            Grow((int)Math.Min(Math.Max(needed, Rows.Length * 2L), Array.MaxLength));
        }

        // Grown by doubling, as Add would, so that many small batches do not resize the index each time.
        var capacity = _rowsByKey.EnsureCapacity(0);
        if ((long)_rowsByKey.Count + records > capacity)
        {
            _ = _rowsByKey.EnsureCapacity((int)Math.Min(Math.Max((long)_rowsByKey.Count + records, capacity * 2L), Array.MaxLength));
        }
    }

    private void WriteVectors(int row, ReadOnlySpan<ReadOnlyMemory<float>> vectors)
    {
        for (var c = 0; c < Vectors.Length; c++)
        {
            if (!vectors[c].IsEmpty)
            {
                Vectors[c].Set(row, vectors[c].Span);
            }
            else
            {
                Vectors[c].Clear(row);
            }
        }
    }

    // A large batch: rows are assigned one record after another, then the vectors, most of the bytes to move, are copied on all
    // cores. A key that comes twice keeps its last record's vectors, as when the records are written one by one.
    private void WriteInParallel(IReadOnlyList<StorageRecord> records)
    {
        var rows = new int[records.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = WriteRow(records[i].Key, records[i].Values);
        }

        var written = new bool[RowCount];
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            if (written[rows[i]])
            {
                rows[i] = -1;
            }
            else
            {
                written[rows[i]] = true;
            }
        }

        var ranges = Math.Min(Environment.ProcessorCount * 4, (rows.Length + 1023) / 1024);
        var size = (rows.Length + ranges - 1) / ranges;
        _ = Parallel.For(0, ranges, r =>
        {
            for (var i = r * size; i < Math.Min(rows.Length, (r + 1) * size); i++)
            {
                if (rows[i] >= 0)
                {
                    WriteVectors(rows[i], records[i].Vectors.Span);
                }
            }
        });
    }

    private int NextRow()
    {
        if (RowCount == Rows.Length)
        {
            Grow(Math.Max(InitialCapacity, Rows.Length * 2));
        }

        return RowCount++;
    }

    private void Grow(int capacity)
    {
        foreach (var column in Vectors)
        {
            column.Grow(capacity);
        }

        var rows = new object?[]?[capacity];
        Rows.AsSpan().CopyTo(rows);
        Rows = rows;
    }
}
