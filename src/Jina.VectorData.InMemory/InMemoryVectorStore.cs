using System.Diagnostics.CodeAnalysis;
using Jina.VectorData.InMemory.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.VectorData.InMemory;

/// <summary>Represents a vector store that holds its collections in memory, for tests, samples and small corpora, optionally kept in a SQLite file.</summary>
/// <remarks>
/// Collections obtained from the same store with the same name share their records. Without
/// <see cref="InMemoryVectorStoreOptions.DatabasePath"/> nothing is persisted; with it, the collections are written through to a SQLite
/// database and read back when next opened. Dispose the store to close the database and release its lock.
/// </remarks>
public sealed class InMemoryVectorStore : VectorStore
{
    /// <summary>The name this store reports as <see cref="VectorStoreMetadata.VectorStoreSystemName"/>.</summary>
    internal const string SystemName = "inmemory";

    private const string TrimmingMessage = "The in-memory vector store maps record types by reflection, which is incompatible with trimming; use GetDynamicCollection for Dictionary<string, object?> records.";
    private const string AotMessage = "The in-memory vector store maps record types by reflection, which is incompatible with NativeAOT; use GetDynamicCollection for Dictionary<string, object?> records.";

    private readonly StorageCatalog _catalog;
    private readonly IEmbeddingGenerator? _embeddingGenerator;
    private readonly VectorStoreMetadata _metadata = new() { VectorStoreSystemName = SystemName };

    /// <summary>Initializes a new instance of the <see cref="InMemoryVectorStore"/> class.</summary>
    /// <param name="options">The options of the store; <see langword="null"/> for none.</param>
    /// <exception cref="InvalidOperationException">
    /// <see cref="InMemoryVectorStoreOptions.DatabasePath"/> names a file that another store has open, that is not a database of this
    /// store, or that was written in another format version.
    /// </exception>
    /// <exception cref="VectorStoreException">The database cannot be opened or read.</exception>
    public InMemoryVectorStore(InMemoryVectorStoreOptions? options = null)
    {
        _embeddingGenerator = options?.EmbeddingGenerator;
        _catalog = new StorageCatalog(options?.DatabasePath is { } path ? OpenDatabase(path) : null);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The record type is <see cref="Dictionary{TKey, TValue}"/>; use <see cref="GetDynamicCollection"/>.</exception>
    [RequiresUnreferencedCode(TrimmingMessage)]
    [RequiresDynamicCode(AotMessage)]
    public override InMemoryCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new ArgumentException(VectorDataStrings.GetCollectionWithDictionaryNotSupported, nameof(TRecord));
        }

        return new InMemoryCollection<TKey, TRecord>(name, _catalog, InMemoryCollection<TKey, TRecord>.BuildModel(definition, _embeddingGenerator));
    }

    /// <inheritdoc/>
    public override InMemoryDynamicCollection GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(definition);

        return new InMemoryDynamicCollection(name, _catalog, new InMemoryCollectionOptions { Definition = definition, EmbeddingGenerator = _embeddingGenerator });
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default)
        => new DeferredAsyncEnumerable<string>(_ => _catalog.Names(), cancellationToken);

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_catalog.Contains(name));
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        _ = _catalog.Remove(name);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _catalog.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private static SqliteStoreDatabase OpenDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, nameof(InMemoryVectorStoreOptions.DatabasePath));
        try
        {
            return SqliteStoreDatabase.Open(path);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw SqliteStoreDatabase.Failure($"The vector store database '{path}' could not be opened: {ex.Message}", ex, null, "Open");
        }
    }
}
