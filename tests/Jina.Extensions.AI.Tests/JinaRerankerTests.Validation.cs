using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>Bad input fails before any request, with a message that says what to do.</summary>
public sealed partial class JinaRerankerTests
{
    [Fact]
    public async Task RerankAsync_NullArguments_Throw()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        await Assert.ThrowsAsync<ArgumentNullException>("query", () => reranker.RerankAsync(null!, s_documents));
        await Assert.ThrowsAsync<ArgumentNullException>("documents", () => reranker.RerankAsync(Query, (IEnumerable<string>)null!));
        await Assert.ThrowsAsync<ArgumentNullException>("documents", () => reranker.RerankAsync(Query, (IEnumerable<AIContent>)null!));
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RerankAsync_EmptyQuery_ThrowsSayingWhatToGive(string query)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>("query", () => reranker.RerankAsync(query, s_documents));

        Assert.Contains("query is empty", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task RerankAsync_NoDocuments_ThrowsSayingThereIsNothingToRank()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync(Query, Array.Empty<string>()));

        Assert.Contains("no documents", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData(null, "Document 1 is null")]
    [InlineData("", "Document 1 is empty")]
    [InlineData(" \n", "Document 1 is empty")]
    public async Task RerankAsync_EmptyDocument_ThrowsNamingIt(string? document, string expected)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync(Query, ["fine", document!]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task RerankAsync_MoreDocumentsThanARequestTakes_ThrowsAdvisingFewerCandidates()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        var ex = await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync(Query, Enumerable.Range(0, 2049).Select(i => $"passage {i}")));

        Assert.Contains("2049 documents are more than the 2048", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fewer candidates", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("jina-reranker-v2-base-multilingual")]
    [InlineData("jina-reranker-m0")]
    public async Task RerankAsync_MaxDocumentLengthOnAModelWithoutIt_ThrowsNamingTheFieldAndTheModelThatHasIt(string model)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = model);

        var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { MaxDocumentLength = 512 }));

        Assert.Contains($"{model} takes no MaxDocumentLength", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'max_doc_length'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jina-reranker-v3", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task RerankAsync_ReturnEmbeddingsOnM0_Throws()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = "jina-reranker-m0");

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { ReturnEmbeddings = true }));

        Assert.Contains("'return_embeddings'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("jina-reranker-v3")]
    [InlineData("jina-reranker-v2-base-multilingual")]
    public async Task RerankAsync_ImageOnATextOnlyReranker_ThrowsAdvisingM0(string model)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = model);
        AIContent[] documents = [new TextContent("a lightsaber"), new UriContent(new Uri("https://example.com/a.png"), "image/png")];

        var ex = await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync(Query, documents));

        Assert.Contains($"{model} ranks text only, and document 1 is an image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jina-reranker-m0", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task RerankAsync_ContentThatIsNeitherTextNorImage_ThrowsSayingWhatIsRanked()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = "jina-reranker-m0");
        AIContent[] documents = [new DataContent(new byte[] { 1, 2, 3 }, "application/pdf")];

        var ex = await Assert.ThrowsAsync<ArgumentException>("documents", () => reranker.RerankAsync(Query, documents));

        Assert.Contains("application/pdf", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TextContent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_OutOfRangeSettings_ThrowArgumentOutOfRange()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { TopN = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { MaxDocumentLength = 8193 }));
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public void Constructor_InvalidDefaults_FailAtStartUp()
    {
        Assert.Throws<ArgumentException>("options", () => new JinaReranker(new JinaRerankerOptions { ApiKey = "k", Endpoint = new Uri("http://example.com/v1/") }));
        Assert.Throws<ArgumentException>("options", () => new JinaReranker(new JinaRerankerOptions { ApiKey = "k", ModelId = " " }));
        Assert.Throws<ArgumentException>("options", () => new JinaReranker(new JinaRerankerOptions { ApiKey = "k", ModelId = "jina-reranker-m0", MaxDocumentLength = 100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JinaReranker(new JinaRerankerOptions { ApiKey = "k", TopN = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JinaReranker(new JinaRerankerOptions { ApiKey = "k", MaxRetries = -1 }));
        Assert.Throws<ArgumentException>(() => new JinaReranker(" "));
    }
}
