using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Maps the properties of one collection's model onto the columns of a <see cref="CollectionStorage"/>.</summary>
internal sealed class StorageBinding
{
    private readonly ConditionalWeakTable<LambdaExpression, Delegate> _compiled = [];

    private StorageBinding(CollectionStorage storage, int[] dataSlots, int[] vectorColumns, Dictionary<string, int> slotsByModelName)
    {
        Storage = storage;
        DataSlots = dataSlots;
        VectorColumns = vectorColumns;
        SlotsByModelName = slotsByModelName;
    }

    public CollectionStorage Storage { get; }

    /// <summary>Gets the row slot of each data property of the model, in model order.</summary>
    public int[] DataSlots { get; }

    /// <summary>Gets the storage vector column of each vector property of the model, in model order.</summary>
    public int[] VectorColumns { get; }

    /// <summary>Gets the row slot of the key and of each data property, by model name (what filters refer to).</summary>
    public Dictionary<string, int> SlotsByModelName { get; }

    public static StorageSchema CreateSchema(CollectionModel model)
        => new(
            Unwrap(model.KeyProperty.Type),
            model.DataProperties.Select(p => (p.StorageName, Unwrap(p.Type))).ToArray(),
            model.VectorProperties.Select(p => (p.StorageName, p.Dimensions, BitVectors.IsBitType(p.EmbeddingType) ? VectorKind.Bits : VectorKind.Float)).ToArray());

    public static StorageBinding Bind(string collectionName, CollectionModel model, CollectionStorage storage)
    {
        var schema = storage.Schema;
        if (Unwrap(model.KeyProperty.Type) != schema.KeyType)
        {
            throw Mismatch(collectionName, storage, $"its keys are of type '{schema.KeyType.Name}', not '{model.KeyProperty.Type.Name}'");
        }

        var slots = new Dictionary<string, int>(StringComparer.Ordinal) { [model.KeyProperty.ModelName] = 0 };
        var dataSlots = new int[model.DataProperties.Count];
        for (var i = 0; i < dataSlots.Length; i++)
        {
            var property = model.DataProperties[i];
            var column = IndexOf(schema.DataColumns, c => c.Name == property.StorageName);
            if (column < 0)
            {
                throw Mismatch(collectionName, storage, $"it has no data property '{property.StorageName}'");
            }

            if (schema.DataColumns[column].Type != Unwrap(property.Type))
            {
                throw Mismatch(collectionName, storage, $"its data property '{property.StorageName}' is of type '{schema.DataColumns[column].Type.Name}', not '{property.Type.Name}'");
            }

            dataSlots[i] = column + 1;
            slots[property.ModelName] = column + 1;
        }

        var vectorColumns = new int[model.VectorProperties.Count];
        for (var i = 0; i < vectorColumns.Length; i++)
        {
            var property = model.VectorProperties[i];
            var column = IndexOf(schema.VectorColumns, c => c.Name == property.StorageName);
            if (column < 0)
            {
                throw Mismatch(collectionName, storage, $"it has no vector property '{property.StorageName}'");
            }

            if (schema.VectorColumns[column].Dimensions != property.Dimensions)
            {
                throw Mismatch(
                    collectionName,
                    storage,
                    $"its vector property '{property.StorageName}' holds {schema.VectorColumns[column].Dimensions} dimensions, not {property.Dimensions}; re-create the collection to change dimensions");
            }

            var kind = BitVectors.IsBitType(property.EmbeddingType) ? VectorKind.Bits : VectorKind.Float;
            if (schema.VectorColumns[column].Kind != kind)
            {
                throw Mismatch(
                    collectionName,
                    storage,
                    $"its vector property '{property.StorageName}' holds {Describe(schema.VectorColumns[column].Kind)}, not {Describe(kind)}");
            }

            vectorColumns[i] = column;
        }

        return new(storage, dataSlots, vectorColumns, slots);
    }

    /// <summary>Returns the compiled form of a filter or selector, compiling it once per binding.</summary>
    public Delegate GetOrCompile(LambdaExpression expression, Func<LambdaExpression, Delegate> compile)
        => _compiled.GetValue(expression, e => compile(e));

    private static string Describe(VectorKind kind) => kind == VectorKind.Bits ? "bit vectors (BitArray)" : "float vectors";

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static int IndexOf<T>(IReadOnlyList<T> list, Func<T, bool> predicate)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (predicate(list[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static InvalidOperationException Mismatch(string collectionName, CollectionStorage storage, string detail)
        => new(storage.Persistence is { } persistence
            ? $"Collection '{collectionName}' in the database '{persistence.Database.Path}' was created with a different definition: {detail}. " +
              "Open it with the record type or definition it was created with, delete it first (EnsureCollectionDeletedAsync), or use another database file."
            : $"Collection '{collectionName}' already exists with a different shape: {detail}. Open it with a matching record type or definition, or delete it first.");
}
