using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>A vector store double for one connector: its collections hold rows in memory, under the connector's rules.</summary>
public sealed class ConnectorVectorStore(ConnectorRules rules) : VectorStore
{
    private readonly ConcurrentDictionary<string, ConnectorTable> _tables = new(StringComparer.Ordinal);

    public ConnectorRules Rules => rules;

    /// <summary>Gets how many calls reached the database, by operation; a double that is never called proves nothing.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    [RequiresUnreferencedCode("Maps records by reflection.")]
    [RequiresDynamicCode("Maps records by reflection.")]
    public override ConnectorCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new(this, name, definition);

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException("The connector doubles map typed records only.");

    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default) =>
        _tables.Keys.ToAsyncEnumerable();

    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tables.ContainsKey(name));

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        _tables.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = rules.Name }
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    internal ConnectorTable? Find(string name) => _tables.GetValueOrDefault(name);

    internal ConnectorTable Create(string name, int dimensions) => _tables.GetOrAdd(name, _ => new ConnectorTable(dimensions));

    internal void Count(string operation) => Calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
}

/// <summary>The rows of one collection, and the vector size it was created with.</summary>
public sealed class ConnectorTable(int dimensions)
{
    public int Dimensions { get; } = dimensions;

    public object Lock { get; } = new();

    public Dictionary<object, (Dictionary<string, object?> Data, float[]? Vector)> Rows { get; } = [];
}
