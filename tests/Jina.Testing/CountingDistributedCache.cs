using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace Jina.Testing;

/// <summary>An in-memory <see cref="IDistributedCache"/> that counts reads and writes, to show whether a pipeline's cache was used.</summary>
public sealed class CountingDistributedCache : IDistributedCache
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new();
    private int _reads;
    private int _writes;

    /// <summary>Gets the number of reads, hits and misses alike.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Gets the number of writes.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Gets the number of entries held.</summary>
    public int Count => _entries.Count;

    public byte[]? Get(string key)
    {
        Interlocked.Increment(ref _reads);
        return _entries.TryGetValue(key, out var value) ? value : null;
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Interlocked.Increment(ref _writes);
        _entries[key] = value;
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }

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
}
