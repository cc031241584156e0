using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Keeps one collection's records in its table of a <see cref="SqliteStoreDatabase"/>: write-through on upsert and delete, read once on open.</summary>
/// <remarks>Every method runs under the database's <see cref="SqliteStoreDatabase.Gate"/>; each upsert or delete call is one transaction.</remarks>
internal sealed class SqliteCollectionPersistence
{
    private readonly SqliteStoreDatabase _database;
    private readonly StoredCollection _collection;
    private readonly SqliteValueCodec _keyCodec;
    private readonly SqliteValueCodec[] _dataCodecs;
    private readonly int[] _dimensions;
    private readonly string _table;
    private readonly string _upsertSql;
    private readonly string _deleteSql;
    private bool _dropped;

    public SqliteCollectionPersistence(SqliteStoreDatabase database, StoredCollection collection)
    {
        _database = database;
        _collection = collection;
        var schema = collection.Schema;
        _keyCodec = KeyCodec(collection.Name, schema.KeyType);
        _dataCodecs = schema.DataColumns.Select(c => SqliteValueCodec.TryGet(c.Type, out var codec) ? codec : throw new NotSupportedException(c.Type.Name)).ToArray();
        _dimensions = schema.VectorColumns.Select(c => c.Dimensions).ToArray();
        _table = TableName(collection.Id);

        var columns = new StringBuilder("k");
        var values = new StringBuilder("?1");
        var updates = new StringBuilder();
        var parameter = 2;
        foreach (var column in DataAndVectorColumns())
        {
            columns.Append(", ").Append(column);
            values.Append(", ?").Append(parameter++);
            updates.Append(updates.Length == 0 ? string.Empty : ", ").Append(column).Append(" = excluded.").Append(column);
        }

        // An upsert keeps the row (and its rowid), so the table keeps the order in which records first arrived.
        _upsertSql = $"INSERT INTO {_table} ({columns}) VALUES ({values}) ON CONFLICT(k) DO " + (updates.Length == 0 ? "NOTHING" : $"UPDATE SET {updates}");
        _deleteSql = $"DELETE FROM {_table} WHERE k = ?1";
    }

    /// <summary>Gets the lock to hold while using this persistence.</summary>
    public Lock Gate => _database.Gate;

    /// <summary>Gets the database.</summary>
    public SqliteStoreDatabase Database => _database;

    /// <summary>Gets the stored collection this persistence writes.</summary>
    public StoredCollection Collection => _collection;

    public static string TableName(long id) => $"jina_records_{id}";

    public static string KeyTypeName(Type keyType)
        => keyType == typeof(string) ? "string" : keyType == typeof(Guid) ? "Guid" : keyType == typeof(int) ? "int" : keyType == typeof(long) ? "long"
        : throw new NotSupportedException($"Keys of type '{keyType.Name}' cannot be kept in the database; use string, Guid, int or long keys.");

    public static Type KeyType(string name) => name switch
    {
        "string" => typeof(string),
        "Guid" => typeof(Guid),
        "int" => typeof(int),
        "long" => typeof(long),
        _ => throw new InvalidDataException($"unknown key type '{name}'"),
    };

    public static SqliteValueCodec KeyCodec(string collectionName, Type keyType)
        => SqliteValueCodec.TryGet(keyType, out var codec) && KeyTypeName(keyType) is not null
            ? codec
            : throw new NotSupportedException($"The keys of collection '{collectionName}' are of type '{keyType.Name}'; use string, Guid, int or long keys.");

    /// <summary>Writes records in one transaction: all of them, or none (call under <see cref="Gate"/>).</summary>
    public void Upsert(IReadOnlyList<StorageRecord> records)
    {
        Run("Upsert", $"Writing {records.Count} record(s)", () =>
        {
            var statement = _database.Statement(_upsertSql);
            foreach (var record in records)
            {
                _keyCodec.Bind(statement, 1, record.Key);
                var index = 2;
                for (var d = 0; d < _dataCodecs.Length; d++)
                {
                    _dataCodecs[d].BindOrNull(statement, index++, record.Values[1 + d]);
                }

                for (var v = 0; v < _dimensions.Length; v++)
                {
                    BindVector(statement, index++, record.Vectors.Span[v].Span);
                }

                SqliteNative.Run(statement);
            }
        });
    }

    /// <summary>Deletes records in one transaction (call under <see cref="Gate"/>).</summary>
    public void Delete(IReadOnlyList<object> keys)
    {
        Run("Delete", $"Deleting {keys.Count} record(s)", () =>
        {
            var statement = _database.Statement(_deleteSql);
            foreach (var key in keys)
            {
                _keyCodec.Bind(statement, 1, key);
                SqliteNative.Run(statement);
            }
        });
    }

    /// <summary>Reads every record into <paramref name="storage"/>, which holds none yet (call under <see cref="Gate"/>).</summary>
    public void Load(CollectionStorage storage)
    {
        try
        {
            var db = _database.Handle;
            using (var count = SqliteNative.Prepare(db, $"SELECT count(*) FROM {_table}"))
            {
                _ = SqliteNative.Step(count);
                storage.Reserve((int)Math.Min(raw.sqlite3_column_int64(count, 0), Array.MaxLength));
            }

            var columns = string.Join(", ", DataAndVectorColumns().Prepend("k"));
            using var select = SqliteNative.Prepare(db, $"SELECT {columns} FROM {_table}");
            var dataCount = _dataCodecs.Length;
            var texts = _dataCodecs.Select(c => c.Type == typeof(string) ? new RepeatedTextReader() : null).ToArray();
            while (SqliteNative.Step(select))
            {
                var values = new object?[1 + dataCount];
                var key = _keyCodec.Read(select, 0);
                values[0] = key;
                for (var d = 0; d < dataCount; d++)
                {
                    values[1 + d] = texts[d] is { } text && raw.sqlite3_column_type(select, 1 + d) == raw.SQLITE_TEXT
                        ? text.Read(select, 1 + d)
                        : _dataCodecs[d].ReadOrNull(select, 1 + d);
                }

                // The vectors go straight from SQLite's page into the column.
                var row = storage.WriteRow(key, values);
                for (var v = 0; v < _dimensions.Length; v++)
                {
                    ReadVector(select, 1 + dataCount + v, v, storage.Vectors[v], row);
                }
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidDataException or FormatException or OverflowException or System.Text.Json.JsonException)
        {
            throw SqliteStoreDatabase.Failure(
                $"Collection '{_collection.Name}' could not be read from '{_database.Path}': {ex.Message}", ex, _collection.Name, "Load");
        }
    }

    /// <summary>Marks the collection deleted: later writes through a stale handle fail instead of touching another table.</summary>
    public void MarkDropped() => _dropped = true;

    private IEnumerable<string> DataAndVectorColumns()
        => Enumerable.Range(0, _dataCodecs.Length).Select(i => $"d{i}").Concat(Enumerable.Range(0, _dimensions.Length).Select(i => $"v{i}"));

    private void Run(string operation, string what, Action work)
    {
        if (_dropped)
        {
            throw SqliteStoreDatabase.Failure(
                $"Collection '{_collection.Name}' was deleted; call EnsureCollectionExistsAsync to create it again.", null, _collection.Name, operation);
        }

        try
        {
            _database.InTransaction(work);
        }
        catch (SqliteException ex)
        {
            throw SqliteStoreDatabase.Failure(
                $"{what} of collection '{_collection.Name}' to '{_database.Path}' failed, and nothing of this call was written: {ex.Message}", ex, _collection.Name, operation);
        }
    }

    private static void BindVector(sqlite3_stmt statement, int index, ReadOnlySpan<float> vector)
    {
        if (vector.IsEmpty)
        {
            SqliteNative.Check(raw.sqlite3_bind_null(statement, index), statement);
        }
        else if (BitConverter.IsLittleEndian)
        {
            SqliteNative.Check(raw.sqlite3_bind_blob(statement, index, MemoryMarshal.AsBytes(vector)), statement);
        }
        else
        {
            var bytes = new byte[vector.Length * sizeof(float)];
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }

            SqliteNative.Check(raw.sqlite3_bind_blob(statement, index, bytes), statement);
        }
    }

    private void ReadVector(sqlite3_stmt statement, int column, int vectorColumn, VectorColumn destination, int row)
    {
        if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL)
        {
            destination.Clear(row);
            return;
        }

        var bytes = raw.sqlite3_column_blob(statement, column);

        // A bit column's blob is its packed 64-bit words, which travel as the float-typed payload of BitVectors.
        if (bytes.Length != destination.PayloadLength * sizeof(float))
        {
            throw new InvalidDataException(
                $"a vector of '{_collection.Schema.VectorColumns[vectorColumn].Name}' holds {bytes.Length} bytes, not the {destination.PayloadLength * sizeof(float)} of {destination.Dimensions} dimensions");
        }

        if (BitConverter.IsLittleEndian)
        {
            destination.Set(row, MemoryMarshal.Cast<byte, float>(bytes));
        }
        else
        {
            var floats = new float[destination.PayloadLength];
            for (var i = 0; i < floats.Length; i++)
            {
                floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }

            destination.Set(row, floats);
        }
    }
}
