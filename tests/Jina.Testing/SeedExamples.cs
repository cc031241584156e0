using System.Text.Json;

namespace Jina.Testing;

/// <summary>The seed article's worked examples (Data/examples.json), as typed fixtures for tests, samples and benchmarks.</summary>
public sealed class SeedExamples
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly Lazy<SeedExamples> s_default = new(() => Load());

    /// <summary>Gets the examples loaded from <c>Data/examples.json</c> next to the running assembly.</summary>
    public static SeedExamples Default => s_default.Value;

    /// <summary>Gets what the file is.</summary>
    public string About { get; init; } = string.Empty;

    /// <summary>Gets the lightsaber FAQ knowledge base and its query.</summary>
    public required KnowledgeBaseExample KnowledgeBase { get; init; }

    /// <summary>Gets one sentence in five languages.</summary>
    public required TaskExample Multilingual { get; init; }

    /// <summary>Gets the clustering example (Star Wars versus Disney characters).</summary>
    public required TaskExample Separation { get; init; }

    /// <summary>Gets the review sentiment example.</summary>
    public required BilingualTaskExample Classification { get; init; }

    /// <summary>Gets the near-duplicate quotes example.</summary>
    public required TaskExample TextMatching { get; init; }

    /// <summary>Gets the chat history that late chunking makes searchable.</summary>
    public required ChatHistoryExample ChatHistory { get; init; }

    /// <summary>Gets the Berlin anaphora example of late chunking.</summary>
    public required AnaphoraExample LateChunkingAnaphora { get; init; }

    /// <summary>Loads the examples from a file.</summary>
    /// <param name="path">The file, or <see langword="null"/> for <c>Data/examples.json</c> next to the running assembly.</param>
    /// <returns>The examples.</returns>
    public static SeedExamples Load(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "Data", "examples.json");
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SeedExamples>(stream, s_json)
            ?? throw new InvalidDataException($"{path} holds no examples.");
    }

    /// <summary>A question with Chinese and English versions.</summary>
    public sealed class BilingualText
    {
        /// <summary>Gets the Chinese text.</summary>
        public required string Zh { get; init; }

        /// <summary>Gets the English text.</summary>
        public required string En { get; init; }
    }

    /// <summary>The FAQ knowledge base: passages, a query, and the expected best match.</summary>
    public sealed class KnowledgeBaseExample
    {
        /// <summary>Gets the task for the documents.</summary>
        public required string TaskDocuments { get; init; }

        /// <summary>Gets the task for the query.</summary>
        public required string TaskQuery { get; init; }

        /// <summary>Gets the Chinese passages.</summary>
        public required IReadOnlyList<string> Zh { get; init; }

        /// <summary>Gets the English passages.</summary>
        public required IReadOnlyList<string> En { get; init; }

        /// <summary>Gets the query.</summary>
        public required BilingualText Query { get; init; }

        /// <summary>Gets what the article reports.</summary>
        public string Expected { get; init; } = string.Empty;
    }

    /// <summary>A list of inputs embedded with one task.</summary>
    public sealed class TaskExample
    {
        /// <summary>Gets the task.</summary>
        public required string Task { get; init; }

        /// <summary>Gets the inputs.</summary>
        public required IReadOnlyList<string> Input { get; init; }

        /// <summary>Gets what the article reports.</summary>
        public string Expected { get; init; } = string.Empty;
    }

    /// <summary>Inputs in Chinese and English embedded with one task.</summary>
    public sealed class BilingualTaskExample
    {
        /// <summary>Gets the task.</summary>
        public required string Task { get; init; }

        /// <summary>Gets the Chinese inputs.</summary>
        public required IReadOnlyList<string> Zh { get; init; }

        /// <summary>Gets the English inputs.</summary>
        public required IReadOnlyList<string> En { get; init; }

        /// <summary>Gets what the article reports.</summary>
        public string Expected { get; init; } = string.Empty;
    }

    /// <summary>A conversation embedded message by message with late chunking, and a question about it.</summary>
    public sealed class ChatHistoryExample
    {
        /// <summary>Gets the task for the messages.</summary>
        public required string TaskDocuments { get; init; }

        /// <summary>Gets the task for the query.</summary>
        public required string TaskQuery { get; init; }

        /// <summary>Gets a value indicating whether the messages are embedded with late chunking.</summary>
        public bool LateChunking { get; init; }

        /// <summary>Gets the Chinese messages.</summary>
        public required IReadOnlyList<string> Zh { get; init; }

        /// <summary>Gets the English messages.</summary>
        public required IReadOnlyList<string> En { get; init; }

        /// <summary>Gets the query.</summary>
        public required BilingualText Query { get; init; }

        /// <summary>Gets what the article reports.</summary>
        public string Expected { get; init; } = string.Empty;
    }

    /// <summary>A document whose later sentences refer to its subject only by pronouns.</summary>
    public sealed class AnaphoraExample
    {
        /// <summary>Gets what the example shows.</summary>
        public string About { get; init; } = string.Empty;

        /// <summary>Gets the document's sentences, in order.</summary>
        public required IReadOnlyList<string> Document { get; init; }

        /// <summary>Gets the query.</summary>
        public required string Query { get; init; }

        /// <summary>Gets what the late-chunking paper reports.</summary>
        public string Expected { get; init; } = string.Empty;
    }
}
