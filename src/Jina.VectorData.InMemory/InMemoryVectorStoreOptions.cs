using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory;

/// <summary>Represents the options of an <see cref="InMemoryVectorStore"/>.</summary>
public sealed class InMemoryVectorStoreOptions
{
    /// <summary>Gets or sets the default embedding generator of the collections this store creates.</summary>
    /// <remarks>A generator set on a collection definition or on a vector property takes precedence.</remarks>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }
}
