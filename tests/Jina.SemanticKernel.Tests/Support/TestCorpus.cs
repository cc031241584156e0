using Jina.Extensions.AI;
using Jina.Testing;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>The seed article's English lightsaber knowledge base and birthday chat as documents to ingest.</summary>
public static class TestCorpus
{
    public const string ChatId = "chat/birthday-dinner";

    public static SeedExamples Seed => SeedExamples.Default;

    public static IReadOnlyList<JinaDocument> KnowledgeBase =>
        [.. Seed.KnowledgeBase.En.Select((text, i) => new JinaDocument($"kb/{i}", text, $"lightsaber-faq.md#{i}"))];

    public static JinaDocument Chat(int messages = int.MaxValue) =>
        new(ChatId, string.Join('\n', Seed.ChatHistory.En.Take(messages)), "chat-history.txt");

    /// <summary>One chunk per line: each chat message is a chunk, and each (one-line) knowledge-base answer is one.</summary>
    public static JinaIngestionOptions ByLine => new() { Chunker = new LateChunkerOptions { Splitter = ChunkSplitter.Lines } };

    public static IReadOnlyList<JinaDocument> All => [.. KnowledgeBase, Chat()];
}
