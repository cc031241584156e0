using System.Collections.Concurrent;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>The collections of one store, by name; a collection opened on its own gets a catalog of its own.</summary>
internal sealed class StorageCatalog
{
    private readonly ConcurrentDictionary<string, CollectionStorage> _collections = new(StringComparer.Ordinal);

    public bool TryGet(string name, out CollectionStorage storage) => _collections.TryGetValue(name, out storage!);

    public CollectionStorage GetOrAdd(string name, StorageSchema schema) => _collections.GetOrAdd(name, static (_, s) => new CollectionStorage(s), schema);

    public bool Remove(string name) => _collections.TryRemove(name, out _);

    public bool Contains(string name) => _collections.ContainsKey(name);

    public string[] Names() => [.. _collections.Keys];
}
