using System.Globalization;
using System.Text.Json;

namespace RagChat;

/// <summary>A question of an evaluation set and the one chunk that answers it.</summary>
/// <param name="Id">The question's id, such as <c>en-faq-01</c>.</param>
/// <param name="Language">The question's language, such as <c>en</c> or <c>zh</c>.</param>
/// <param name="Question">The question.</param>
/// <param name="DocumentId">The id of the document that answers it.</param>
/// <param name="ChunkIndex">The position in that document of the chunk that answers it.</param>
internal sealed record EvaluationQuestion(string Id, string Language, string Question, string DocumentId, int ChunkIndex)
{
    /// <summary>Reads a question set: one JSON object a line with <c>id</c>, <c>language</c>, <c>question</c>, <c>documentId</c> and <c>chunkIndex</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is not such an object; the message names the line.</exception>
    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The question set '{path}' does not exist. The bundled one is samples/RagChat/Data/questions.jsonl.", path);
        }

        var questions = new List<EvaluationQuestion>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                questions.Add(new(
                    Text(root, "id"),
                    Text(root, "language"),
                    Text(root, "question"),
                    Text(root, "documentId"),
                    root.TryGetProperty("chunkIndex", out var index) && index.TryGetInt32(out var chunk) && chunk >= 0
                        ? chunk
                        : throw new FormatException("'chunkIndex' must be a whole number, 0 or more.")));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} line {number}: {ex.Message}"), ex);
            }
        }

        if (questions.Count == 0)
        {
            throw new FormatException($"{Path.GetFileName(path)} holds no questions.");
        }

        var repeated = questions.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? questions : throw new FormatException($"{Path.GetFileName(path)}: the id '{repeated.Key}' is used more than once.");
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new FormatException($"'{name}' is missing or empty.");
}
