using System.Text;
using System.Text.Json;

namespace RagChat;

/// <summary>Loads the bundled corpus (the seed article's examples, English and Chinese) and documents from a folder.</summary>
internal static class Corpus
{
    /// <summary>The file extensions read from a documents folder.</summary>
    public static readonly string[] DocumentExtensions = [".md", ".txt"];

    /// <summary>Loads the bundled corpus shipped next to the program.</summary>
    public static IReadOnlyList<CorpusDocument> LoadBundled(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "Data", "examples.json");
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var documents = new List<CorpusDocument>();

        foreach (var language in new[] { "en", "zh" })
        {
            var entries = Strings(root.GetProperty("knowledge_base").GetProperty(language));
            for (var i = 0; i < entries.Count; i++)
            {
                documents.Add(new($"lightsaber-faq-{language}-{i + 1}", entries[i], $"Lightsaber FAQ ({language}) #{i + 1}"));
            }

            // The chat history is one document, one message a line: late chunking keeps the whole conversation
            // in every message's vector, so "Bella Italia" answers a question about restaurant recommendations.
            var messages = Strings(root.GetProperty("chat_history").GetProperty(language));
            documents.Add(new($"chat-history-{language}", string.Join('\n', messages), $"Chat history ({language})"));

            var reviews = Strings(root.GetProperty("classification").GetProperty(language));
            documents.Add(new($"reviews-{language}", string.Join('\n', reviews), $"Star Wars reviews ({language})"));
        }

        documents.Add(new("multilingual", string.Join('\n', Strings(root.GetProperty("multilingual").GetProperty("input"))), "Multilingual quote"));
        documents.Add(new("characters", string.Join('\n', Strings(root.GetProperty("separation").GetProperty("input"))), "Characters"));
        documents.Add(new("quotes", string.Join('\n', Strings(root.GetProperty("text_matching").GetProperty("input"))), "Star Wars quotes"));
        documents.Add(new("berlin", string.Join(' ', Strings(root.GetProperty("late_chunking_anaphora").GetProperty("document"))), "Berlin"));
        return documents;
    }

    /// <summary>Loads the .md and .txt files below a folder; unreadable files are reported and skipped.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<CorpusDocument> LoadFolder(string folder, Action<string>? warn = null)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The documents folder '{folder}' does not exist. Pass an existing folder to --docs.");
        }

        var documents = new List<CorpusDocument>();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => DocumentExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            string text;
            try
            {
                text = File.ReadAllText(file, Encoding.UTF8);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warn?.Invoke($"Skipped '{relative}': {ex.Message}");
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                warn?.Invoke($"Skipped '{relative}': the file is empty.");
                continue;
            }

            documents.Add(new($"file:{relative}", text, relative));
        }

        return documents;
    }

    private static List<string> Strings(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
}
