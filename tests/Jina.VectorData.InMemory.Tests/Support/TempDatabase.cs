namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A database path in a folder of its own under the system's temp directory; the folder is deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jina-store-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "store.db");
    }

    public string Folder { get; }

    public string Path { get; }

    /// <summary>Gets the size of the rollback journal: above zero after a process died inside a transaction.</summary>
    public long JournalLength => File.Exists(Path + "-journal") ? new FileInfo(Path + "-journal").Length : 0;

    public InMemoryVectorStore Open() => new(new InMemoryVectorStoreOptions { DatabasePath = Path });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A worker killed a moment ago may still hold the file on some systems; the temp folder is cleaned up later.
        }
    }
}
