using Microsoft.Extensions.AI;

namespace Jina.VectorData.InMemory;

/// <summary>Represents the options of an <see cref="InMemoryVectorStore"/>.</summary>
public sealed class InMemoryVectorStoreOptions
{
    /// <summary>Gets or sets the default embedding generator of the collections this store creates.</summary>
    /// <remarks>A generator set on a collection definition or on a vector property takes precedence.</remarks>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }

    /// <summary>Gets or sets the path of a SQLite database that keeps the store's collections across runs, or <see langword="null"/> to keep them in memory only.</summary>
    /// <remarks>
    /// <para>
    /// Every collection's definition, records and vectors are written through to the database, one transaction per upsert or delete
    /// call, and read back into memory when a collection is first used, so searches run at in-memory speed. A process killed at any
    /// moment leaves a database that opens with exactly the calls that completed. The file is created if missing (with its folder).
    /// </para>
    /// <para>
    /// Limits: every collection must fit in memory, as it does without a database; one store (one process) uses a file at a time,
    /// and a second is refused while the first is open. Data properties must be of a type the database can keep: string, bool,
    /// byte, short, int, long, float, double, decimal, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, byte[], their
    /// nullable forms, and arrays and lists of them. For data beyond memory or several processes, use a database server through its
    /// Microsoft.Extensions.VectorData connector.
    /// </para>
    /// </remarks>
    public string? DatabasePath { get; set; }
}
