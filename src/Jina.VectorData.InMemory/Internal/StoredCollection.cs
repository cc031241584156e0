namespace Jina.VectorData.InMemory.Internal;

/// <summary>A collection as the database lists it: its table id, name and shape.</summary>
internal sealed record StoredCollection(long Id, string Name, StorageSchema Schema);
