using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory;

/// <summary>Represents the options of an <see cref="InMemoryCollection{TKey, TRecord}"/> or an <see cref="InMemoryDynamicCollection"/>.</summary>
public sealed class InMemoryCollectionOptions : VectorStoreCollectionOptions
{
    /// <summary>Initializes a new instance of the <see cref="InMemoryCollectionOptions"/> class.</summary>
    public InMemoryCollectionOptions()
    {
    }
}
