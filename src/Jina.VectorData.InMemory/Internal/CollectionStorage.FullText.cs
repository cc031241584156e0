namespace Jina.VectorData.InMemory.Internal;

/// <summary>The full-text indexes of a collection's text columns, built on a column's first keyword search and kept current after.</summary>
/// <remarks>
/// A collection that is never searched by keyword pays nothing for its full-text properties. The first hybrid search over a
/// column builds its <see cref="InvertedIndex"/> from the rows (under the read lock, so no write runs meanwhile; a gate keeps two
/// searches from building it twice); from then on every write and removal, which hold the write lock, update it.
/// </remarks>
internal sealed partial class CollectionStorage
{
    private readonly Lock _textIndexGate = new();
    private InvertedIndex?[]? _textIndexes;

    /// <summary>Returns the full-text index of a row slot, building it if this is the first search of that column (call under the read lock).</summary>
    public InvertedIndex GetOrBuildTextIndex(int slot)
    {
        if (Volatile.Read(ref _textIndexes) is { } indexes && Volatile.Read(ref indexes[slot]) is { } existing)
        {
            return existing;
        }

        lock (_textIndexGate)
        {
            indexes = _textIndexes ?? new InvertedIndex?[1 + Schema.DataColumns.Count];
            if (indexes[slot] is { } built)
            {
                return built;
            }

            var index = new InvertedIndex();
            for (var row = 0; row < RowCount; row++)
            {
                if (Rows[row] is { } values)
                {
                    index.Set(row, values[slot]);
                }
            }

            Volatile.Write(ref indexes[slot], index);
            Volatile.Write(ref _textIndexes, indexes);
            return index;
        }
    }

    private void UpdateTextIndexes(int row, object?[] values)
    {
        if (_textIndexes is not { } indexes)
        {
            return;
        }

        for (var slot = 0; slot < indexes.Length; slot++)
        {
            indexes[slot]?.Set(row, values[slot]);
        }
    }

    private void RemoveFromTextIndexes(int row)
    {
        if (_textIndexes is not { } indexes)
        {
            return;
        }

        foreach (var index in indexes)
        {
            index?.Remove(row);
        }
    }
}
