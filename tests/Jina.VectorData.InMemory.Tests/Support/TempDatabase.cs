using Jina.Testing;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A database path in a temp folder of its own, deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly TempDirectory _directory = new("jina-store-tests-");

    public string Folder => _directory.Path;

    public string Path => _directory.Combine("store.db");

    /// <summary>Gets the size of the rollback journal: above zero after a process died inside a transaction.</summary>
    public long JournalLength => TempDirectory.JournalLength(Path);

    public InMemoryVectorStore Open() => new(new InMemoryVectorStoreOptions { DatabasePath = Path });

    public void Dispose() => _directory.Dispose();
}
