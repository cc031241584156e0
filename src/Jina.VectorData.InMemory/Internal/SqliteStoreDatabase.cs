using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using SQLitePCL;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The SQLite database behind a store with <see cref="InMemoryVectorStoreOptions.DatabasePath"/>: one connection for the store's lifetime.</summary>
/// <remarks>
/// <para>
/// Layout: <c>jina_collections</c> lists each collection with its definition (key type, data columns with their types, vector columns
/// with their dimensions, as JSON); each collection's records live in a table <c>jina_records_{id}</c> with one column per property:
/// the key, the data values in SQLite's own types (arrays and lists as JSON) and each vector as a blob of little-endian float32.
/// The file carries <c>PRAGMA application_id</c> and <c>user_version</c>, so a file of another application or of another format is refused.
/// </para>
/// <para>
/// Journal: a rollback journal (<c>journal_mode=TRUNCATE</c>, <c>synchronous=FULL</c>), not WAL. Reads are served from memory, so
/// WAL's concurrent readers buy nothing here, while WAL writes every page twice (to the log, then to the database) and grows a log
/// as large as the largest call; with the rollback journal a batch of new records is written once, and a process killed mid-call
/// leaves a hot journal that SQLite rolls back at the next open, so only whole calls remain. <c>synchronous=FULL</c> makes a
/// completed call survive a power cut too.
/// </para>
/// <para>
/// One process at a time: the connection runs in <c>locking_mode=EXCLUSIVE</c> and takes the exclusive lock when the store opens,
/// holding it until the store is disposed, so a second store on the same file, in this process or another, is refused at once.
/// </para>
/// </remarks>
internal sealed class SqliteStoreDatabase : IDisposable
{
    /// <summary>The <c>PRAGMA application_id</c> of this store's files ("JVDB").</summary>
    internal const int ApplicationId = 0x4A564442;

    /// <summary>The version of the file layout this build reads and writes.</summary>
    internal const int FormatVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);
    private bool _disposed;

    private SqliteStoreDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _db = connection.Handle!;
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Gets or sets an action run inside every transaction of the process just before it commits, or <see langword="null"/>.</summary>
    /// <remarks>
    /// The crash-safety tests' worker processes stop here to be killed with a transaction certainly open: watching the journal
    /// file from outside misses short transactions on a loaded machine.
    /// </remarks>
    internal static Action? BeforeCommit { get; set; }

    /// <summary>Gets the lock every use of the connection holds: one transaction at a time, and writes reach the database and memory in one order.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Opens or creates the database, takes its lock and checks its format.</summary>
    /// <exception cref="InvalidOperationException">The file is in use by another store, or is not a database of this format.</exception>
    public static SqliteStoreDatabase Open(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var database = new SqliteStoreDatabase(fullPath, connection);
            database.Initialize();
            return database;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads the stored collections: name, table id and shape.</summary>
    public Dictionary<string, StoredCollection> ReadCatalog()
    {
        lock (Gate)
        {
            ThrowIfDisposed();
            var collections = new Dictionary<string, StoredCollection>(StringComparer.Ordinal);
            using var statement = SqliteNative.Prepare(_db, "SELECT id, name, definition FROM jina_collections");
            while (SqliteNative.Step(statement))
            {
                var id = raw.sqlite3_column_int64(statement, 0);
                var name = SqliteNative.ReadText(statement, 1);
                collections[name] = new StoredCollection(id, name, ParseSchema(name, SqliteNative.ReadText(statement, 2)));
            }

            return collections;
        }
    }

    /// <summary>Creates a collection's table and catalog entry in one transaction (call under <see cref="Gate"/>).</summary>
    /// <exception cref="NotSupportedException">A property has a type the database cannot keep.</exception>
    public StoredCollection CreateCollection(string name, StorageSchema schema)
    {
        ThrowIfDisposed();
        var keyCodec = SqliteCollectionPersistence.KeyCodec(name, schema.KeyType);
        foreach (var (column, type) in schema.DataColumns)
        {
            if (!SqliteValueCodec.TryGet(type, out _))
            {
                throw new NotSupportedException(
                    $"Data property '{column}' of collection '{name}' is of type '{type.Name}', which a store with a DatabasePath cannot keep. " +
                    $"Supported types: {SqliteValueCodec.SupportedTypes}.");
            }
        }

        long id = 0;
        InTransaction(() =>
        {
            using (var insert = SqliteNative.Prepare(_db, "INSERT INTO jina_collections (name, definition) VALUES (?1, ?2)"))
            {
                SqliteNative.Check(raw.sqlite3_bind_text16(insert, 1, name.AsSpan()), insert);
                SqliteNative.Check(raw.sqlite3_bind_text16(insert, 2, FormatSchema(schema).AsSpan()), insert);
                SqliteNative.Run(insert);
            }

            id = raw.sqlite3_last_insert_rowid(_db);
            // The key has an index of its own (not INTEGER PRIMARY KEY, even for integer keys): rows keep the order they came in, and
            // counting them reads the small index instead of every row's vectors.
            var columns = new StringBuilder(keyCodec.Type == typeof(int) || keyCodec.Type == typeof(long) ? "k INTEGER NOT NULL UNIQUE" : "k TEXT NOT NULL UNIQUE");
            for (var i = 0; i < schema.DataColumns.Count; i++)
            {
                // No declared type: SQLite keeps each value in the storage class it was bound with, never converting it.
                columns.Append(", d").Append(i);
            }

            for (var i = 0; i < schema.VectorColumns.Count; i++)
            {
                columns.Append(", v").Append(i).Append(" BLOB");
            }

            SqliteNative.Execute(_db, $"CREATE TABLE {SqliteCollectionPersistence.TableName(id)} ({columns})");
        });

        return new StoredCollection(id, name, schema);
    }

    /// <summary>Drops a collection's table and catalog entry in one transaction (call under <see cref="Gate"/>).</summary>
    public void DropCollection(StoredCollection collection)
    {
        ThrowIfDisposed();

        // A statement prepared over the table would keep it from being dropped.
        var table = SqliteCollectionPersistence.TableName(collection.Id) + " ";
        foreach (var sql in _statements.Keys.Where(k => k.Contains(table, StringComparison.Ordinal)).ToList())
        {
            _ = _statements.Remove(sql, out var statement);
            statement!.Dispose();
        }

        InTransaction(() =>
        {
            SqliteNative.Execute(_db, $"DROP TABLE IF EXISTS {table}");
            using var delete = SqliteNative.Prepare(_db, "DELETE FROM jina_collections WHERE id = ?1");
            SqliteNative.Check(raw.sqlite3_bind_int64(delete, 1, collection.Id), delete);
            SqliteNative.Run(delete);
        });
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is committed, or none (call under <see cref="Gate"/>).</summary>
    public void InTransaction(Action work)
    {
        ThrowIfDisposed();
        SqliteNative.Execute(_db, "BEGIN IMMEDIATE");
        try
        {
            work();
            BeforeCommit?.Invoke();
            SqliteNative.Execute(_db, "COMMIT");
        }
        catch
        {
            // SQLite rolls some failures (a full disk, an I/O error) back itself; roll back what is still open.
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                _ = raw.sqlite3_exec(_db, "ROLLBACK");
            }

            throw;
        }
    }

    /// <summary>Gets a prepared statement, kept for reuse until the database closes (call under <see cref="Gate"/>).</summary>
    public sqlite3_stmt Statement(string sql)
    {
        ThrowIfDisposed();
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = SqliteNative.Prepare(_db, sql);
            _statements.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>Gets the raw connection handle (use under <see cref="Gate"/>).</summary>
    public sqlite3 Handle
    {
        get
        {
            ThrowIfDisposed();
            return _db;
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (!_disposed)
            {
                _disposed = true;

                // Every statement is finalized first: SQLite keeps a connection with live statements open, and its lock with it.
                foreach (var statement in _statements.Values)
                {
                    statement.Dispose();
                }

                _statements.Clear();

                // Closing the connection releases the exclusive lock on the file.
                _connection.Dispose();
            }
        }
    }

    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    internal static VectorStoreException Failure(string message, Exception? inner, string? collectionName, string operation)
        => new(message, inner) { VectorStoreSystemName = InMemoryVectorStore.SystemName, CollectionName = collectionName, OperationName = operation };

    private void Initialize()
    {
        try
        {
            // Per connection, before any transaction: the journal and lock modes described on the class. Taking the exclusive lock
            // also rolls back what a process killed mid-call left in a hot journal.
            SqliteNative.Execute(_db, "PRAGMA page_size=65536; PRAGMA locking_mode=EXCLUSIVE; PRAGMA synchronous=FULL; PRAGMA journal_mode=TRUNCATE");
            SqliteNative.Execute(_db, "BEGIN EXCLUSIVE");
            try
            {
                CheckOrCreateLayout();
                SqliteNative.Execute(_db, "COMMIT");
            }
            catch
            {
                _ = raw.sqlite3_exec(_db, "ROLLBACK");
                throw;
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            throw new InvalidOperationException(
                $"The vector store database '{Path}' is in use by another store, in this process or another. A database file serves one " +
                "InMemoryVectorStore at a time: share one store instance, or use another file. For several processes, use a database server " +
                "(Qdrant, PostgreSQL with pgvector, Azure AI Search) through its Microsoft.Extensions.VectorData connector.",
                ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_NOTADB)
        {
            throw new InvalidOperationException(
                $"'{Path}' is not a SQLite database, so it cannot hold a vector store. Give InMemoryVectorStoreOptions.DatabasePath a new file or one this store wrote.",
                ex);
        }
    }

    private void CheckOrCreateLayout()
    {
        var applicationId = (int)ScalarInt64("PRAGMA application_id");
        var version = (int)ScalarInt64("PRAGMA user_version");
        var tables = ScalarInt64("SELECT count(*) FROM sqlite_schema");

        if (applicationId == 0 && version == 0 && tables == 0)
        {
            SqliteNative.Execute(_db, $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={FormatVersion}");
            SqliteNative.Execute(_db, "CREATE TABLE jina_collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NOT NULL)");
            return;
        }

        if (applicationId != ApplicationId)
        {
            throw new InvalidOperationException(
                $"'{Path}' is a SQLite database of another application, not a Jina.VectorData.InMemory store. Give InMemoryVectorStoreOptions.DatabasePath a file of its own.");
        }

        if (version != FormatVersion)
        {
            throw new InvalidOperationException(
                $"The vector store database '{Path}' was written in format {version} by {(version > FormatVersion ? "a newer" : "an older")} version of " +
                $"Jina.VectorData.InMemory; this version reads format {FormatVersion}. Open it with the version that wrote it, or point DatabasePath " +
                "at a new file and ingest the data again.");
        }
    }

    private long ScalarInt64(string sql)
    {
        using var statement = SqliteNative.Prepare(_db, sql);
        return SqliteNative.Step(statement) ? raw.sqlite3_column_int64(statement, 0) : 0;
    }

    private static string FormatSchema(StorageSchema schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", SqliteCollectionPersistence.KeyTypeName(schema.KeyType));
            writer.WriteStartArray("data");
            foreach (var (name, type) in schema.DataColumns)
            {
                SqliteValueCodec.TryGet(type, out var codec);
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("type", codec!.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("vectors");
            foreach (var (name, dimensions, kind) in schema.VectorColumns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteNumber("dimensions", dimensions);
                if (kind == VectorKind.Bits)
                {
                    // Float columns carry no kind, so files written before bit vectors read as they always did.
                    writer.WriteString("kind", "bits");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private StorageSchema ParseSchema(string collectionName, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var keyType = SqliteCollectionPersistence.KeyType(root.GetProperty("key").GetString()!);
            var data = new List<(string, Type)>();
            foreach (var column in root.GetProperty("data").EnumerateArray())
            {
                var typeName = column.GetProperty("type").GetString()!;
                if (!SqliteValueCodec.TryGet(typeName, out var codec))
                {
                    throw new InvalidDataException($"unknown data type '{typeName}'");
                }

                data.Add((column.GetProperty("name").GetString()!, codec.Type));
            }

            var vectors = new List<(string, int, VectorKind)>();
            foreach (var column in root.GetProperty("vectors").EnumerateArray())
            {
                var kind = !column.TryGetProperty("kind", out var kindName) ? VectorKind.Float
                    : kindName.GetString() == "bits" ? VectorKind.Bits
                    : throw new InvalidDataException($"unknown vector kind '{kindName}'");
                vectors.Add((column.GetProperty("name").GetString()!, column.GetProperty("dimensions").GetInt32(), kind));
            }

            return new StorageSchema(keyType, data, vectors);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidOperationException($"The definition of collection '{collectionName}' in '{Path}' cannot be read ({ex.Message}); the file is damaged or was written by another version.", ex);
        }
    }
}
