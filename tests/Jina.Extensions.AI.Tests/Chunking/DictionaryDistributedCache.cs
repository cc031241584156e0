using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace Jina.Extensions.AI.Tests;

/// <summary>A minimal in-memory <see cref="IDistributedCache"/> that counts reads and writes.</summary>
internal sealed class DictionaryDistributedCache : IDistributedCache
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new();

    public int Reads { get; private set; }

    public int Count => _entries.Count;

    public byte[]? Get(string key)
    {
        Reads++;
        return _entries.TryGetValue(key, out byte[]? value) ? value : null;
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => _entries.TryRemove(key, out _);

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => _entries[key] = value;

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }
}
