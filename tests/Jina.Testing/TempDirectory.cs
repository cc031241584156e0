namespace Jina.Testing;

/// <summary>A folder of its own under the system's temp directory, deleted on dispose: tests never write elsewhere.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempDirectory"/> class, creating the folder.</summary>
    /// <param name="prefix">The start of the folder's name.</param>
    public TempDirectory(string prefix = "jina-tests-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the full path of the folder.</summary>
    public string Path { get; }

    /// <summary>Returns the full path of a file or folder inside this folder.</summary>
    /// <param name="relativePath">The path inside the folder.</param>
    /// <returns>The full path.</returns>
    public string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Gets the size of the rollback journal of a SQLite database in this folder: above zero while, or after, a process wrote inside a transaction.</summary>
    /// <param name="database">The database file's full path.</param>
    /// <returns>The journal's length in bytes, 0 when there is none.</returns>
    public static long JournalLength(string database) => File.Exists(database + "-journal") ? new FileInfo(database + "-journal").Length : 0;

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process killed a moment ago may still hold a file on some systems; the system's temp folder is cleaned later.
        }
    }
}
