namespace Jina.VectorData.InMemory.Internal;

/// <summary>A record prepared for storage: its row of values (slot 0 the key, slot <c>1 + i</c> data column <c>i</c>) and a vector per vector column, empty for none.</summary>
/// <remarks>The vectors of a batch share one array, sliced per record, so a large batch does not allocate an array per record.</remarks>
internal readonly record struct StorageRecord(object?[] Values, ReadOnlyMemory<ReadOnlyMemory<float>> Vectors)
{
    public object Key => Values[0]!;
}
