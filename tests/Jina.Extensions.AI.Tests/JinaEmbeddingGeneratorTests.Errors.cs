using System.Net;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_WrongKey_ThrowsUnauthorizedWithoutTheKey()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        const string wrongKey = "jina_wrong_key_that_must_not_leak_42";
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.ApiKey = wrongKey);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("AUTH_INVALID_API_KEY", ex.ErrorCode);
        Assert.Equal("The API key is invalid.", ex.Detail);
        Assert.StartsWith("emu-", ex.RequestId, StringComparison.Ordinal);
        Assert.Contains("JINA_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, generator.ToString(), StringComparison.Ordinal);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_ServerEchoesTheKey_TheKeyIsRedacted()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(401, $$"""{"detail":"Key {{emulator.ApiKey}} is revoked","code":"AUTH_INVALID_API_KEY"}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.DoesNotContain(emulator.ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.ApiKey, ex.Detail!, StringComparison.Ordinal);
        Assert.Contains("Key *** is revoked", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ValidationErrorShape_ListsTheFieldMessages()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(422, """
            {"detail":"Validation error","errors":[{"field":"dimensions","message":"Input should be less than or equal to 1024","type":"less_than_equal","input":5000}],"request_id":"abc-123"}
            """);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Equal("abc-123", ex.RequestId);
        Assert.Contains("dimensions: Input should be less than or equal to 1024", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("abc-123", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_DetailListShape_ListsTheLocationsAndMessages()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(422, """{"detail":[{"loc":["body","task"],"msg":"unexpected value","type":"value_error.const"},{"loc":["body","input",0],"msg":"str type expected"}]}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal("task: unexpected value; input.0: str type expected", ex.Detail);
        Assert.Null(ex.ErrorCode);
    }

    [Fact]
    public async Task GenerateAsync_ErrorObjectShape_ReadsItsMessageAndCode()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(403, """{"error":{"message":"Insufficient balance","code":"AUTHZ_INSUFFICIENT_BALANCE"}}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("AUTHZ_INSUFFICIENT_BALANCE", ex.ErrorCode);
        Assert.Equal("Insufficient balance", ex.Detail);
    }

    [Fact]
    public async Task GenerateAsync_HtmlErrorPage_IsRetriedThenReportedWithAnExcerpt()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxRetries = 1);
        emulator.Faults.EnqueueHtmlBodies(2);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Contains("text/html", ex.Message, StringComparison.Ordinal);
        Assert.Contains("<html> <head><title>502 Bad Gateway</title>", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_MalformedSuccessBody_ThrowsWithAnExcerpt()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueMalformedBodies(1);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("not an embeddings response", ex.Message, StringComparison.Ordinal);
        Assert.Contains("{\"model\":\"jina-embeddings-v3\"", ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException, exactMatch: false);
        Assert.StartsWith("emu-", ex.RequestId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]}]}""", "returned 1 embeddings for 2 inputs")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]},{"index":2,"embedding":[0,1]}]}""", "index 2")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]},{"index":0,"embedding":[0,1]}]}""", "index 0 twice")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]},{"embedding":[0,1]}]}""", "index (none)")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":[0,1,0]}]}""", "different lengths")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]},{"index":1,"embedding":null}]}""", "no vector for index 1")]
    [InlineData("""{"model":"jina-embeddings-v3"}""", "without a 'data' list")]
    [InlineData("""{"data":[null,{"index":1,"embedding":[0,1]}]}""", "null in place of an embedding")]
    [InlineData("""{"data":[{"index":0,"embedding":"AAAA"},{"index":1,"embedding":"AAAAAA=="}]}""", "not a whole number of float32")]
    public async Task GenerateAsync_ResponseNotMatchingTheRequest_ThrowsNamingWhatWasWrong(string body, string expected)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        emulator.Faults.EnqueueResponse(200, body);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["first", "second"]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("emu-", ex.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_WrongDimensionsReturned_ThrowsNamingTheCounts()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Dimensions = 64);
        emulator.Faults.EnqueueResponse(200, """{"data":[{"index":0,"embedding":[0.6,0.8]}]}""");

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Contains("returned 2 dimensions for index 0, but 64 were asked for", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_RequestOfASplitCallFails_NamesTheInputsItCarried()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxInputsPerRequest = 2);
        string[] inputs = ["a", "b", "c", "d", string.Join(' ', Enumerable.Repeat("word", 9000)), "f"];

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(inputs));

        Assert.Null(ex.ErrorCode);
        Assert.StartsWith("Input text exceeds the model's maximum of 8194 tokens", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("inputs 4 to 5 of the call's 6", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WithTruncate()", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ServerDeclaresAHugeContentLength_DoesNotAllocateIt()
    {
        using var handler = new DeclaredLengthHandler("""{"data":[{"index":0,"embedding":[0.6,0.8]}]}""", declaredLength: 1_500_000_000);
        using var httpClient = new HttpClient(handler);
        using var generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = "k" }, httpClient);
        long before = GC.GetTotalAllocatedBytes(precise: true);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["text"]);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal([0.6f, 0.8f], result[0].Vector.ToArray());
        Assert.InRange(allocated, 0, 500_000_000);
    }

    [Theory]
    [InlineData("jina_abc\u200Bdef", 8)]
    [InlineData("jina_abc def", 8)]
    [InlineData("jina_abc\ndef", 8)]
    [InlineData("jina_abcd\u00E9f", 9)]
    public void Constructor_ApiKeyAHeaderCannotCarry_ThrowsNamingThePositionButNotTheKey(string key, int position)
    {
        var ex = Assert.Throws<ArgumentException>("options", () => new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = key }));

        Assert.Contains($"position {position}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JINA_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_GeneratorAndOptions_NeverShowTheKey()
    {
        const string key = "jina_secret_key_for_tostring_check";
        var options = new JinaEmbeddingGeneratorOptions { ApiKey = key };
        using var generator = new JinaEmbeddingGenerator(options);

        Assert.DoesNotContain(key, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, generator.ToString(), StringComparison.Ordinal);
        Assert.Contains("jina-embeddings-v3", generator.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Answers every request with a small body whose Content-Length header claims far more.</summary>
    private sealed class DeclaredLengthHandler(string body, long declaredLength) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
            content.Headers.ContentLength = declaredLength;
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
