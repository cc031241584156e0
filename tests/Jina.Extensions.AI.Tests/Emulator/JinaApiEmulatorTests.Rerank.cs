using System.Net;
using System.Numerics.Tensors;
using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Jina.Extensions.AI.Tests.Emulator;

/// <summary><c>POST /v1/rerank</c>: each reranker's schema, its limits, the stand-in scores and the key's rate limits.</summary>
public sealed partial class JinaApiEmulatorTests
{
    private static Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> RerankAsync(JinaApiEmulator emulator, string json) =>
        PostAsync(emulator, json, path: "rerank");

    [Fact]
    public async Task Rerank_Documents_AnswersEveryDocumentSortedByScoreAndEchoesThemByDefault()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await RerankAsync(emulator, """
            {"model":"jina-reranker-v3","query":"charge the lightsaber battery",
             "documents":["The cantina opens at noon.","Charge the lightsaber battery with the USB-C cable.",{"text":"A lightsaber hums."}]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("jina-reranker-v3", body.GetProperty("model").GetString());
        JsonElement[] results = [.. body.GetProperty("results").EnumerateArray()];
        Assert.Equal(3, results.Length);
        Assert.Equal(1, results[0].GetProperty("index").GetInt32());
        double[] scores = [.. results.Select(r => r.GetProperty("relevance_score").GetDouble())];
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal("Charge the lightsaber battery with the USB-C cable.", results[0].GetProperty("document").GetProperty("text").GetString());
        Assert.Equal(emulator.Requests[0].TokenCount, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("/v1/rerank", emulator.Requests[0].Path);
        Assert.Equal("charge the lightsaber battery", emulator.Requests[0].Query);
    }

    [Fact]
    public async Task Rerank_Scores_AreTheEmbeddersQueryPassageCosineAStandInForJinasModels()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var embedder = new HashEmbeddingGenerator();
        string[] documents = ["blade flickers when cold", "the blade of a lightsaber"];

        var (_, body, _) = await RerankAsync(emulator, """{"model":"jina-reranker-m0","query":"lightsaber blade","documents":["blade flickers when cold","the blade of a lightsaber"]}""");

        var query = await embedder.GenerateAsync(["lightsaber blade"], new EmbeddingGenerationOptions { AdditionalProperties = new() { ["task"] = "retrieval.query" } });
        var passages = await embedder.GenerateAsync(documents, new EmbeddingGenerationOptions { AdditionalProperties = new() { ["task"] = "retrieval.passage" } });
        foreach (JsonElement result in body.GetProperty("results").EnumerateArray())
        {
            int index = result.GetProperty("index").GetInt32();
            double expected = TensorPrimitives.CosineSimilarity(query[0].Vector.Span, passages[index].Vector.Span);
            Assert.Equal(expected, result.GetProperty("relevance_score").GetDouble(), 5);
        }
    }

    [Fact]
    public async Task Rerank_TopNAndNoDocuments_AnswersTheBestNWithoutEchoingThem()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await RerankAsync(emulator, """
            {"model":"jina-reranker-v2-base-multilingual","query":"lightsaber","documents":["a lightsaber","a droid","a lightsaber crystal"],"top_n":2,"return_documents":false}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement[] results = [.. body.GetProperty("results").EnumerateArray()];
        Assert.Equal(2, results.Length);
        Assert.DoesNotContain(1, results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(results, r => Assert.False(r.TryGetProperty("document", out _)));
        Assert.Equal((2, false), (emulator.Requests[0].TopN, emulator.Requests[0].ReturnDocuments));
    }

    [Theory]
    [InlineData("jina-reranker-v2-base-multilingual", "max_doc_length", "512")]
    [InlineData("jina-reranker-m0", "return_embeddings", "true")]
    [InlineData("jina-reranker-v3", "truncate", "true")]
    [InlineData("jina-reranker-v3", "task", "\"retrieval.query\"")]
    public async Task Rerank_FieldTheModelsSchemaLacks_Answers422ExtraForbidden(string model, string field, string value)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await RerankAsync(emulator, $$"""{"model":"{{model}}","query":"q","documents":["d"],"{{field}}":{{value}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        JsonElement error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal($"body -> {model} -> {field}", error.GetProperty("field").GetString());
        Assert.Equal("extra_forbidden", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Rerank_V3Fields_AreAcceptedAndReturnEmbeddingsGives256Dimensions()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await RerankAsync(emulator, """
            {"model":"jina-reranker-v3","query":"q","documents":["a","b"],"max_doc_length":1024,"return_embeddings":true,"truncation":true}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal(256, r.GetProperty("embedding").GetArrayLength()));
        Assert.Equal((1024, true, true), (emulator.Requests[0].MaxDocLength, emulator.Requests[0].ReturnEmbeddings, emulator.Requests[0].Truncation));
    }

    [Fact]
    public async Task Rerank_ImageDocument_IsRankedByM0AndRefusedByATextModel()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        const string documents = """["a red lightsaber",{"image":"https://example.com/blue-lightsaber.png"}]""";

        var (m0, m0Body, _) = await RerankAsync(emulator, $$"""{"model":"jina-reranker-m0","query":"blue lightsaber","documents":{{documents}}}""");
        var (v3, v3Body, _) = await RerankAsync(emulator, $$"""{"model":"jina-reranker-v3","query":"blue lightsaber","documents":{{documents}}}""");

        Assert.Equal(HttpStatusCode.OK, m0);
        Assert.Equal(2, m0Body.GetProperty("results").GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, v3);
        Assert.Equal("body -> jina-reranker-v3 -> documents -> 1", v3Body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"model":"jina-reranker-v3","query":"q","documents":[]}""", "documents", "too_short")]
    [InlineData("""{"model":"jina-reranker-v3","documents":["d"]}""", "query", "missing")]
    [InlineData("""{"model":"jina-reranker-v3","query":"q","documents":["d"],"top_n":0}""", "top_n", "greater_than_equal")]
    [InlineData("""{"model":"jina-reranker-v3","query":"q","documents":["d"],"max_doc_length":9000}""", "max_doc_length", "value_error")]
    public async Task Rerank_InvalidRequest_Answers422NamingTheField(string json, string field, string type)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await RerankAsync(emulator, json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        JsonElement error = body.GetProperty("errors")[0];
        Assert.Equal($"body -> jina-reranker-v3 -> {field}", error.GetProperty("field").GetString());
        Assert.Equal(type, error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Rerank_TooManyDocuments_Answers422()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string documents = JsonSerializer.Serialize(Enumerable.Range(0, 2049).Select(i => $"d{i}"));

        var (status, body, _) = await RerankAsync(emulator, $$"""{"model":"jina-reranker-v2-base-multilingual","query":"q","documents":{{documents}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("too_long", body.GetProperty("errors")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Rerank_PairPastTheContext_Answers400WithoutTruncationAndIsCutWithIt()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string longDocument = string.Join(' ', Enumerable.Repeat("lightsaber", 1100));

        var (refused, body, _) = await RerankAsync(emulator, $$"""{"model":"jina-reranker-v2-base-multilingual","query":"q","documents":["{{longDocument}}"]}""");
        var (cut, _, _) = await RerankAsync(emulator, $$"""{"model":"jina-reranker-v2-base-multilingual","query":"q","documents":["{{longDocument}}"],"truncation":true}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("maximum of 1024 tokens", body.GetProperty("detail").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("code", out _));
        Assert.Equal(HttpStatusCode.OK, cut);
        Assert.Equal(1024, emulator.Requests[1].TokenCount);
    }

    [Fact]
    public async Task Rerank_UnknownModel_Answers422NamingTheRerankers()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await RerankAsync(emulator, """{"model":"jina-embeddings-v3","query":"q","documents":["d"]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("'jina-reranker-v3'", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerank_CountsAgainstTheSameKeysRateLimitsAsEmbeddings()
    {
        var time = new FakeTimeProvider();
        await using JinaApiEmulator emulator = await StartLimitedAsync(time, new JinaApiEmulatorRateLimits { RequestsPerWindow = 2, Window = TimeSpan.FromSeconds(10) });
        const string rerank = """{"model":"jina-reranker-v3","query":"q","documents":["d"]}""";

        var (embedded, _, _) = await PostAsync(emulator, OneInput);
        var (reranked, _, _) = await RerankAsync(emulator, rerank);
        var (refused, body, _) = await RerankAsync(emulator, rerank);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], new[] { embedded, reranked, refused });
        Assert.Equal("RATE_REQUEST_LIMIT_EXCEEDED", body.GetProperty("code").GetString());
    }
}
