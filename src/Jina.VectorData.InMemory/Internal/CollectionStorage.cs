namespace Jina.VectorData.InMemory.Internal;

/// <summary>The data of one collection: rows of key and data values, and one <see cref="VectorColumn"/> per vector property.</summary>
/// <remarks>
/// Readers (get, search) share a <see cref="ReaderWriterLockSlim"/>; writers (upsert, delete) hold it alone. No lock is held
/// across an await: embeddings are generated and records are prepared before the lock is taken, and results are copied out
/// before it is released. Deleted rows go on a free list and are reused, so the vector buffers stay dense.
/// </remarks>
internal sealed partial class CollectionStorage
{
    private const int InitialCapacity = 16;

    private readonly Dictionary<object, int> _rowsByKey = [];
    private readonly Stack<int> _freeRows = new();

    public CollectionStorage(StorageSchema schema)
    {
        Schema = schema;
        Vectors = schema.VectorColumns.Select(c => new VectorColumn(c.Dimensions, c.Kind)).ToArray();
    }

    public StorageSchema Schema { get; }

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Gets the rows: slot 0 holds the key, slot <c>1 + i</c> data column <c>i</c>; a free row is <see langword="null"/>.</summary>
    public object?[]?[] Rows { get; private set; } = [];

    /// <summary>Gets one past the highest row ever used.</summary>
    public int RowCount { get; private set; }

    public VectorColumn[] Vectors { get; }

    /// <summary>Gets the number of records (call under the lock).</summary>
    public int Count => _rowsByKey.Count;

    public bool TryGetRow(object key, out int row) => _rowsByKey.TryGetValue(key, out row);

    /// <summary>Writes a record (call under the write lock); <paramref name="vectors"/> is indexed by vector column, empty for none.</summary>
    public void Write(object key, object?[] values, ReadOnlyMemory<float>[] vectors)
    {
        if (!_rowsByKey.TryGetValue(key, out var row))
        {
            row = _freeRows.Count > 0 ? _freeRows.Pop() : NextRow();
            _rowsByKey.Add(key, row);
        }

        Rows[row] = values;
        UpdateTextIndexes(row, values);
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

    /// <summary>Makes room for <paramref name="records"/> more rows at once, so a large batch grows the buffers once (call under the write lock).</summary>
    public void Reserve(int records)
    {
        var needed = (long)RowCount + Math.Max(0, records - _freeRows.Count);
        if (needed > Rows.Length)
        {
            Grow((int)Math.Min(Math.Max(needed, Rows.Length * 2L), Array.MaxLength));
        }
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
