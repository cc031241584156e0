using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>Request bodies per model and the order of the results.</summary>
public sealed partial class JinaRerankerTests
{
    private const string Query = "How do I charge my lightsaber?";

    private static readonly string[] s_documents =
    [
        "The cantina on Tatooine opens at noon.",
        "How to charge my lightsaber: charge it with the USB-C cable.",
        "A lightsaber blade flickers when the battery is low.",
    ];

    private static JsonElement BodyOf(JinaApiEmulatorRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();

    [Fact]
    public async Task RerankAsync_V3Defaults_SendsModelQueryDocumentsAndAsksForNoEcho()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        await reranker.RerankAsync(Query, s_documents);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal("/v1/rerank", request.Path);
        JsonElement body = BodyOf(request);
        Assert.Equal(["model", "query", "documents", "return_documents"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("jina-reranker-v3", body.GetProperty("model").GetString());
        Assert.Equal(Query, body.GetProperty("query").GetString());
        Assert.Equal(s_documents, body.GetProperty("documents").EnumerateArray().Select(d => d.GetString()));
        Assert.False(body.GetProperty("return_documents").GetBoolean());
    }

    [Fact]
    public async Task RerankAsync_V3EveryField_SendsTopNTruncationMaxDocLengthAndReturnEmbeddings()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.Truncation = true);

        await reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { TopN = 2, MaxDocumentLength = 1024, ReturnEmbeddings = true });

        JsonElement body = BodyOf(Assert.Single(emulator.Requests));
        Assert.Equal(
            ["model", "query", "documents", "top_n", "return_documents", "truncation", "max_doc_length", "return_embeddings"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, body.GetProperty("top_n").GetInt32());
        Assert.True(body.GetProperty("truncation").GetBoolean());
        Assert.Equal(1024, body.GetProperty("max_doc_length").GetInt32());
        Assert.True(body.GetProperty("return_embeddings").GetBoolean());
        Assert.Equal(200, emulator.Requests[0].StatusCode);
    }

    [Theory]
    [InlineData("jina-reranker-v2-base-multilingual")]
    [InlineData("jina-reranker-m0")]
    [InlineData("jina-colbert-v2")]
    public async Task RerankAsync_ModelsWithoutV3Fields_SendOnlyTheCommonFields(string model)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o =>
        {
            o.ModelId = model;
            o.TopN = 1;
            o.Truncation = false;
        });

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents);

        JinaApiEmulatorRequest request = Assert.Single(emulator.Requests);
        Assert.Equal(200, request.StatusCode);
        Assert.Equal(["model", "query", "documents", "top_n", "return_documents", "truncation"], BodyOf(request).EnumerateObject().Select(p => p.Name));
        Assert.Equal(model, result.ModelId);
    }

    [Fact]
    public async Task RerankAsync_M0Images_SendsImageObjectsBesideText()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = "jina-reranker-m0");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        AIContent[] documents =
        [
            new TextContent("a green lightsaber"),
            new UriContent(new Uri("https://example.com/blue-lightsaber.png"), "image/png"),
            new DataContent(png, "image/png"),
        ];

        JinaRerankResult result = await reranker.RerankAsync("blue lightsaber", documents);

        JsonElement sent = BodyOf(Assert.Single(emulator.Requests)).GetProperty("documents");
        Assert.Equal("a green lightsaber", sent[0].GetString());
        Assert.Equal("https://example.com/blue-lightsaber.png", sent[1].GetProperty("image").GetString());
        Assert.Equal(Convert.ToBase64String(png), sent[2].GetProperty("image").GetString());
        Assert.Equal(3, result.Count);
        Assert.Equal("a green lightsaber", result.Single(r => r.Index == 0).Text);
        Assert.Null(result.Single(r => r.Index == 1).Text);
    }

    [Fact]
    public async Task RerankAsync_Results_AreMostRelevantFirstWithTheirIndexAndText()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents);

        Assert.Equal(3, result.Count);
        Assert.Equal(1, result[0].Index);
        Assert.Equal(0, result[2].Index);
        Assert.True(result[0].RelevanceScore > result[1].RelevanceScore && result[1].RelevanceScore > result[2].RelevanceScore);
        Assert.All(result, r => Assert.Equal(s_documents[r.Index], r.Text));
        Assert.All(result, r => Assert.Null(r.Embedding));
    }

    [Fact]
    public async Task RerankAsync_ResultsInAnotherOrder_AreSortedByScore()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);
        JinaRerankResult sorted = await reranker.RerankAsync(Query, s_documents);

        emulator.Faults.ReverseDataOrder = true;
        JinaRerankResult reversed = await reranker.RerankAsync(Query, s_documents);

        Assert.Equal(sorted.Select(r => r.Index), reversed.Select(r => r.Index));
        Assert.Equal(sorted.Select(r => r.RelevanceScore), reversed.Select(r => r.RelevanceScore));
    }

    [Fact]
    public async Task RerankAsync_TopN_ReturnsTheBestNAndThePerCallValueWins()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.TopN = 1);

        JinaRerankResult one = await reranker.RerankAsync(Query, s_documents);
        JinaRerankResult two = await reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { TopN = 2 });
        JinaRerankResult all = await reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { TopN = 10 });

        Assert.Equal([1], one.Select(r => r.Index));
        Assert.Equal([1, 2], two.Select(r => r.Index));
        Assert.Equal(3, all.Count);
        Assert.Equal([1, 2, 10], emulator.Requests.Select(r => r.TopN));
    }

    [Fact]
    public async Task RerankAsync_PerCallModel_WinsOverTheDefault()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { ModelId = "jina-reranker-v2-base-multilingual" });

        Assert.Equal("jina-reranker-v2-base-multilingual", emulator.Requests[0].Model);
        Assert.Equal("jina-reranker-v2-base-multilingual", result.ModelId);
        Assert.Equal("jina-reranker-v3", reranker.ModelId);
    }

    [Fact]
    public async Task RerankAsync_Response_FillsModelIdAndUsage()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents);

        Assert.Equal("jina-reranker-v3", result.ModelId);
        Assert.NotNull(result.Usage);
        Assert.Equal(emulator.Requests[0].TokenCount, result.Usage.TotalTokenCount);
        Assert.True(result.Usage.TotalTokenCount > 0);
    }

    [Fact]
    public async Task RerankAsync_ReturnEmbeddings_FillsEachDocumentsEmbedding()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        JinaRerankResult result = await reranker.RerankAsync(Query, s_documents, new JinaRerankOptions { ReturnEmbeddings = true });

        Assert.All(result, r =>
        {
            Assert.NotNull(r.Embedding);
            Assert.Equal(256, r.Embedding.Dimensions);
            Assert.Equal("jina-reranker-v3", r.Embedding.ModelId);
        });
    }

    [Fact]
    public async Task RerankAsync_ModelNotInTheTable_IsSentWhatTheCallerAskedFor()
    {
        var future = new JinaApiEmulatorRerankerModel { Id = "jina-reranker-v9", ContextLength = 8192, Fields = ["max_doc_length"], AcceptsImages = true };
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { RerankerModels = [.. JinaApiEmulatorRerankerModel.Served, future] });
        using JinaReranker reranker = TestRerankers.Create(emulator, o => o.ModelId = "jina-reranker-v9");

        JinaRerankResult result = await reranker.RerankAsync(
            Query, [new TextContent("a"), new UriContent(new Uri("https://example.com/x.png"), "image/png")], new JinaRerankOptions { MaxDocumentLength = 100 });

        Assert.Equal(2, result.Count);
        Assert.Equal(100, emulator.Requests[0].MaxDocLength);
    }

    [Fact]
    public async Task ToString_NamesEndpointAndModelButNeverTheKey()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaReranker reranker = TestRerankers.Create(emulator);

        string text = reranker.ToString();

        Assert.Contains("jina-reranker-v3", text, StringComparison.Ordinal);
        Assert.Contains(emulator.Endpoint.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.ApiKey, reranker.Client.ToString(), StringComparison.Ordinal);
    }
}
