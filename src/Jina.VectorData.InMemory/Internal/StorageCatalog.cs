using System.Collections.Concurrent;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The collections of one store, by name; a collection opened on its own gets a catalog of its own.</summary>
/// <remarks>
/// With a <see cref="SqliteStoreDatabase"/>, the catalog also lists the collections the database holds; a stored collection's records
/// are read into memory the first time it is used, and creating or deleting a collection is committed to the database first.
/// </remarks>
internal sealed class StorageCatalog : IDisposable
{
    private readonly ConcurrentDictionary<string, CollectionStorage> _collections = new(StringComparer.Ordinal);
    private readonly SqliteStoreDatabase? _database;

    // Stored collections not read into memory yet (guarded by the database's gate).
    private readonly Dictionary<string, StoredCollection> _unloaded;

    public StorageCatalog(SqliteStoreDatabase? database = null)
    {
        _database = database;
        try
        {
            _unloaded = database?.ReadCatalog() ?? [];
        }
        catch
        {
            database?.Dispose();
            throw;
        }
    }

    /// <summary>Gets the database the collections are kept in, or <see langword="null"/>.</summary>
    public SqliteStoreDatabase? Database => _database;

    public bool TryGet(string name, out CollectionStorage storage)
    {
        _database?.ThrowIfDisposed();
        if (_collections.TryGetValue(name, out storage!))
        {
            return true;
        }

        if (_database is null)
        {
            return false;
        }

        lock (_database.Gate)
        {
            _database.ThrowIfDisposed();
            if (_collections.TryGetValue(name, out storage!))
            {
                return true;
            }

            if (!_unloaded.TryGetValue(name, out var stored))
            {
                return false;
            }

            var persistence = new SqliteCollectionPersistence(_database, stored);
            storage = new CollectionStorage(stored.Schema, persistence);
            persistence.Load(storage);
            _ = _unloaded.Remove(name);
            _collections[name] = storage;
            return true;
        }
    }

    public CollectionStorage GetOrAdd(string name, StorageSchema schema)
    {
        if (_database is null)
        {
            return _collections.GetOrAdd(name, static (_, s) => new CollectionStorage(s), schema);
        }

        if (TryGet(name, out var existing))
        {
            return existing;
        }

        lock (_database.Gate)
        {
            if (_collections.TryGetValue(name, out existing))
            {
                return existing;
            }

            StoredCollection stored;
            try
            {
                stored = _database.CreateCollection(name, schema);
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                throw SqliteStoreDatabase.Failure($"Collection '{name}' could not be created in '{_database.Path}': {ex.Message}", ex, name, "EnsureCollectionExists");
            }

            var storage = new CollectionStorage(schema, new SqliteCollectionPersistence(_database, stored));
            _collections[name] = storage;
            return storage;
        }
    }

    public bool Remove(string name)
    {
        if (_database is null)
        {
            return _collections.TryRemove(name, out _);
        }

        lock (_database.Gate)
        {
            _database.ThrowIfDisposed();
            var stored = _collections.TryGetValue(name, out var storage) ? storage.Persistence!.Collection
                : _unloaded.TryGetValue(name, out var unloaded) ? unloaded
                : null;
            if (stored is null)
            {
                return false;
            }

            try
            {
                _database.DropCollection(stored);
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                throw SqliteStoreDatabase.Failure($"Collection '{name}' could not be deleted from '{_database.Path}': {ex.Message}", ex, name, "EnsureCollectionDeleted");
            }

            storage?.Persistence!.MarkDropped();
            _ = _unloaded.Remove(name);
            _ = _collections.TryRemove(name, out _);
            return true;
        }
    }

    public bool Contains(string name)
    {
        _database?.ThrowIfDisposed();
        if (_collections.ContainsKey(name))
        {
            return true;
        }

        if (_database is null)
        {
            return false;
        }

        lock (_database.Gate)
        {
            _database.ThrowIfDisposed();
            return _unloaded.ContainsKey(name) || _collections.ContainsKey(name);
        }
    }

    public string[] Names()
    {
        if (_database is null)
        {
            return [.. _collections.Keys];
        }

        lock (_database.Gate)
        {
            _database.ThrowIfDisposed();
            return [.. _collections.Keys.Concat(_unloaded.Keys).Distinct(StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _database?.Dispose();
}
