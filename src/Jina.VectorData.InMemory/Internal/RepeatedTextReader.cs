using SQLitePCL;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Reads a TEXT column row after row, returning the previous row's string when the text is the same.</summary>
/// <remarks>
/// Rows are read in the order they were written, so the chunks of a document come together and share their document id,
/// source and hash, and every chunk of a collection shares its model name: those are decoded and held once, not per record.
/// </remarks>
internal sealed class RepeatedTextReader
{
    private byte[] _bytes = new byte[64];
    private int _length = -1;
    private string? _text;

    public string Read(sqlite3_stmt statement, int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        if (_text is not null && bytes.SequenceEqual(_bytes.AsSpan(0, _length)))
        {
            return _text;
        }

        if (bytes.Length > _bytes.Length)
        {
            _bytes = new byte[Math.Max(bytes.Length, _bytes.Length * 2)];
        }

        bytes.CopyTo(_bytes);
        _length = bytes.Length;
        _text = System.Text.Encoding.UTF8.GetString(bytes);
        return _text;
    }
}
