namespace Jina.VectorData.InMemory.Internal;

/// <summary>A record prepared for storage: its row of values (slot 0 the key, slot <c>1 + i</c> data column <c>i</c>) and a vector per vector column, empty for none.</summary>
internal readonly record struct StorageRecord(object?[] Values, ReadOnlyMemory<float>[] Vectors)
{
    public object Key => Values[0]!;
}
