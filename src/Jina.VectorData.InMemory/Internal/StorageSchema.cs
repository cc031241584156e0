namespace Jina.VectorData.InMemory.Internal;

/// <summary>The shape of a stored collection: the key type, the data columns and the vector columns (float or bit vectors), by storage name.</summary>
/// <remarks>Typed and dynamic views of one collection share its storage when their properties map onto these columns.</remarks>
internal sealed class StorageSchema(Type keyType, IReadOnlyList<(string Name, Type Type)> dataColumns, IReadOnlyList<(string Name, int Dimensions, VectorKind Kind)> vectorColumns)
{
    public Type KeyType { get; } = keyType;

    public IReadOnlyList<(string Name, Type Type)> DataColumns { get; } = dataColumns;

    public IReadOnlyList<(string Name, int Dimensions, VectorKind Kind)> VectorColumns { get; } = vectorColumns;
}
