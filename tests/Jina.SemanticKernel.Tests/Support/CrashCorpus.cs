using System.Globalization;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>The documents the ingestion worker ingests: the same in every process, with one large document in the middle.</summary>
public static class CrashCorpus
{
    public const int Count = 16;

    /// <summary>The index of the large document, whose chunks take several upsert calls.</summary>
    public const int Large = 9;

    /// <summary>The number of upsert calls the large document takes.</summary>
    public const int LargeBatches = 4;

    /// <summary>The chunk records written per upsert call: 4 MB of vectors, so that a call lasts long enough to be killed in.</summary>
    public const int UpsertBatchSize = 1024;

    private static readonly string[] s_words =
    [
        "kyber", "crystal", "hilt", "blade", "charge", "port", "dinner", "birthday", "restaurant", "pasta", "review", "quote",
        "father", "force", "ship", "hangar", "pilot", "dawn", "signal", "archive", "lantern", "river", "harbour", "engine",
    ];

    public static IReadOnlyList<JinaDocument> Documents { get; } = [.. Enumerable.Range(0, Count).Select(Create)];

    public static JinaIngestionOptions Options => new()
    {
        Chunker = new Jina.Extensions.AI.LateChunkerOptions { Splitter = Jina.Extensions.AI.ChunkSplitter.Lines },
        UpsertBatchSize = UpsertBatchSize,
        MaxConcurrentDocuments = 2,
    };

    private static JinaDocument Create(int index)
    {
        var lines = index == Large ? UpsertBatchSize * LargeBatches : 3 + (index * 7 % 11);
        var text = string.Join('\n', Enumerable.Range(0, lines).Select(line => string.Create(
            CultureInfo.InvariantCulture,
            $"Document {index}, line {line}: the {s_words[(index + line) % s_words.Length]} and the {s_words[((index * 5) + (line * 3)) % s_words.Length]}.")));
        return new JinaDocument($"doc-{index:D2}", text, $"docs/{index:D2}.txt");
    }
}
