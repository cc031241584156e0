using System.Security.Cryptography;
using System.Text;

namespace RagChat;

/// <summary>Where RagChat keeps an index: by default one file per corpus under the user's local application data.</summary>
internal static class IndexLocation
{
    /// <summary>Gets the folder default indexes go to: RagChat/indexes under the local application data folder.</summary>
    public static string DefaultFolder()
    {
        var appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(appData) ? Path.GetTempPath() : appData, "RagChat", "indexes");
    }

    /// <summary>Returns the index file for a run: --index if given, else a file named after the corpus in <paramref name="defaultFolder"/>.</summary>
    /// <returns>The full path, or null when there is neither (the index then lives in memory only).</returns>
    public static string? Resolve(RagChatArguments arguments, string? defaultFolder)
    {
        if (arguments.IndexPath is { } given)
        {
            return Path.GetFullPath(given);
        }

        if (defaultFolder is null)
        {
            return null;
        }

        // With --images the index holds the images too, embedded by the multimodal model: it is a file of its own, named after both folders.
        var images = arguments.ImagesFolder is { } imagesFolder ? "\n+images:" + Path.GetFullPath(imagesFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : string.Empty;
        if (arguments.DocsFolder is null)
        {
            return Path.Combine(defaultFolder, images.Length == 0 ? "bundled.db" : $"bundled-images-{Hash(images)}.db");
        }

        // A folder's index is named after it, with a hash of its full path (and of --with-samples) so that two folders never share one.
        var folder = Path.GetFullPath(arguments.DocsFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var key = folder + (arguments.WithSamples ? "\n+samples" : string.Empty) + images;
        var name = new string([.. Path.GetFileName(folder).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return Path.Combine(defaultFolder, $"{(name.Length == 0 ? "docs" : name)}{(images.Length == 0 ? string.Empty : "-images")}-{Hash(key)}.db");
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 4));
}
