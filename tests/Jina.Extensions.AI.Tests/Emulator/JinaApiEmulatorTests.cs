using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests.Emulator;

/// <summary>The emulator speaks the API's wire contract; these tests talk to it with a plain HttpClient.</summary>
public sealed partial class JinaApiEmulatorTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(
        JinaApiEmulator emulator, string json, string? key = null, bool withKey = true, string path = "embeddings")
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Endpoint, path))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (withKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? emulator.ApiKey);
        }

        HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone(), response);
    }

    [Fact]
    public async Task StartAsync_ListensOnLoopbackWithAnEphemeralPort()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        Assert.Equal("127.0.0.1", emulator.Endpoint.Host);
        Assert.NotEqual(0, emulator.Endpoint.Port);
        Assert.Equal("/v1/", emulator.Endpoint.AbsolutePath);
        Assert.Equal(JinaApiEmulatorOptions.DefaultApiKey, emulator.ApiKey);
    }

    [Fact]
    public async Task Post_WithoutKey_Answers401Missing()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""", withKey: false);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AUTH_MISSING_API_KEY", body.GetProperty("code").GetString());
        Assert.Equal(401, emulator.Requests[0].StatusCode);
    }

    [Fact]
    public async Task Post_WrongKey_Answers401InvalidWithoutEchoingIt()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""", key: "not-the-key-12345");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AUTH_INVALID_API_KEY", body.GetProperty("code").GetString());
        Assert.DoesNotContain("not-the-key-12345", body.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("[RID: emu-", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("request_id", out _));
    }

    [Fact]
    public async Task Post_OpenAiEncodingFormat_Answers422ExtraForbidden()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"],"encoding_format":"float"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        JsonElement error = body.GetProperty("errors")[0];
        Assert.Equal("body -> jina-embeddings-v3 -> encoding_format", error.GetProperty("field").GetString());
        Assert.Equal("Extra inputs are not permitted", error.GetProperty("message").GetString());
        Assert.Equal("extra_forbidden", error.GetProperty("type").GetString());
        Assert.Equal("float", error.GetProperty("input").GetString());
        Assert.Matches(@"^\[RID: emu-\d+\] Validation errors in 1 fields$", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"model":"jina-embeddings-v3","input":["a"],"task":"retrieval.document"}""", "body -> jina-embeddings-v3 -> task", "enum")]
    [InlineData("""{"model":"jina-embeddings-v3","input":["a"],"dimensions":1025}""", "body -> jina-embeddings-v3 -> dimensions", "value_error")]
    [InlineData("""{"model":"jina-embeddings-v3","input":["a"],"dimensions":0}""", "body -> jina-embeddings-v3 -> dimensions", "value_error")]
    [InlineData("""{"model":"jina-embeddings-v2-base-en","input":["a"],"task":"retrieval.query"}""", "body -> jina-embeddings-v2-base-en -> task", "extra_forbidden")]
    [InlineData("""{"model":"jina-embeddings-v2-base-en","input":["a"],"dimensions":256}""", "body -> jina-embeddings-v2-base-en -> dimensions", "extra_forbidden")]
    [InlineData("""{"model":"jina-embeddings-v2-base-en","input":["a"],"late_chunking":true}""", "body -> jina-embeddings-v2-base-en -> late_chunking", "extra_forbidden")]
    [InlineData("""{"model":"jina-embeddings-v4","input":["a"],"normalized":true}""", "body -> jina-embeddings-v4 -> normalized", "extra_forbidden")]
    [InlineData("""{"model":"jina-code-embeddings-1.5b","input":["a"],"normalized":true}""", "body -> jina-code-embeddings-1.5b -> normalized", "extra_forbidden")]
    [InlineData("""{"model":"jina-embeddings-v5-text-small","input":["a"],"late_chunking":true}""", "body -> jina-embeddings-v5-text-small -> late_chunking", "extra_forbidden")]
    [InlineData("""{"model":"jina-clip-v2","input":["a"],"task":"retrieval.passage"}""", "body -> jina-clip-v2 -> task", "enum")]
    [InlineData("""{"model":"jina-embeddings-v3","input":["a"],"embedding_type":"int8"}""", "body -> jina-embeddings-v3 -> embedding_type", "enum")]
    [InlineData("""{"model":"jina-embeddings-v3","input":[]}""", "body -> jina-embeddings-v3 -> input", "list_type")]
    [InlineData("""{"input":["a"]}""", "body -> model", "missing")]
    [InlineData("""{"model":"jina-embeddings-v9","input":["a"]}""", "body -> model", "literal_error")]
    public async Task Post_InvalidField_Answers422NamingItsPathInTheModelsSchema(string json, string field, string type)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        JsonElement error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal((field, type), (error.GetProperty("field").GetString(), error.GetProperty("type").GetString()));
        Assert.StartsWith("[RID: emu-", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("code", out _));
    }

    [Theory]
    [InlineData("jina-embeddings-v2-base-en", """{"normalized":false}""", 768)]
    [InlineData("jina-embeddings-v2-base-code", "{}", 768)]
    [InlineData("jina-embeddings-v3", """{"task":"separation","dimensions":1,"late_chunking":true,"normalized":true}""", 1)]
    [InlineData("jina-embeddings-v4", """{"task":"code.query","dimensions":16,"late_chunking":true,"return_tokenized_input":false}""", 16)]
    [InlineData("jina-embeddings-v5-text-small", """{"task":"retrieval.query","dimensions":256,"normalized":true}""", 256)]
    [InlineData("jina-embeddings-v5-text-nano", "{}", 768)]
    [InlineData("jina-code-embeddings-0.5b", """{"task":"nl2code.query"}""", 896)]
    [InlineData("jina-code-embeddings-1.5b", """{"task":"code2code.passage","dimensions":512}""", 512)]
    [InlineData("jina-clip-v2", """{"task":"retrieval.query","normalized":true}""", 1024)]
    public async Task Post_EveryServedModel_AcceptsTheFieldsOfItsSchema(string model, string fields, int dimensions)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var extra = JsonDocument.Parse(fields);
        var request = new Dictionary<string, object> { ["model"] = model, ["input"] = new[] { "a text" }, ["embedding_type"] = "float", ["truncate"] = false };
        foreach (JsonProperty property in extra.RootElement.EnumerateObject())
        {
            request[property.Name] = property.Value.Clone();
        }

        var (status, body, _) = await PostAsync(emulator, JsonSerializer.Serialize(request));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(model, body.GetProperty("model").GetString());
        Assert.Equal(dimensions, body.GetProperty("data")[0].GetProperty("embedding").GetArrayLength());
    }

    [Fact]
    public async Task Get_Models_ListsEveryServedModelWithContextSizeModalitiesAndFields()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.Endpoint, "models"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.ApiKey);

        using HttpResponseMessage response = await client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement[] models = [.. body.RootElement.GetProperty("data").EnumerateArray()];
        Assert.Equal(JinaApiEmulatorModel.Served.Select(m => m.Id).Order(), models.Select(m => m.GetProperty("id").GetString()).Order());
        JsonElement v4 = models.Single(m => m.GetProperty("id").GetString() == "jina-embeddings-v4");
        Assert.Equal(32768, v4.GetProperty("context_length").GetInt32());
        Assert.Equal(2048, v4.GetProperty("max_output_length").GetInt32());
        Assert.Equal(["text", "image"], v4.GetProperty("input_modalities").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("normalized", v4.GetProperty("supported_features").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, emulator.ModelListRequests);
    }

    [Fact]
    public async Task Post_UnknownModel_Answers422NamingTheServedModels()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v9","input":["a"]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        string message = body.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("'jina-embeddings-v3'", message, StringComparison.Ordinal);
        Assert.Contains("'jina-clip-v2'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jina-embeddings-v3", 2049, 2048)]
    [InlineData("jina-embeddings-v4", 513, 512)]
    public async Task Post_TooManyInputs_AnswersTheLiveValidationMessage(string model, int count, int limit)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string json = JsonSerializer.Serialize(new { model, input = Enumerable.Repeat("x", count) });

        var (status, body, _) = await PostAsync(emulator, json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Matches(
            $@"^\[RID: emu-\d+\] Validation error: 'body -> {model}' Each input list can contain at most {limit} items\.\.$",
            body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_InputOverTheTokenLimit_Answers400UnlessTruncate()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string longText = string.Join(' ', Enumerable.Repeat("word", 8191));

        var (status, body, _) = await PostAsync(emulator, JsonSerializer.Serialize(new { model = "jina-embeddings-v3", input = new[] { "short", longText } }));
        var (truncatedStatus, truncatedBody, _) = await PostAsync(emulator, JsonSerializer.Serialize(new { model = "jina-embeddings-v3", input = new[] { longText }, truncate = true }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            """{"detail":{"message":"Input text exceeds the model's maximum of 8194 tokens. Use 'truncate: true' to automatically truncate, or split into smaller chunks."}}""",
            body.GetRawText());
        Assert.Equal(HttpStatusCode.OK, truncatedStatus);
        Assert.Equal(8192, truncatedBody.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_LateChunkedRequestOverTheLimitInTotal_Answers400()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string chunk = string.Join(' ', Enumerable.Repeat("word", 4095));

        var (separate, _, _) = await PostAsync(emulator, JsonSerializer.Serialize(new { model = "jina-embeddings-v3", input = new[] { chunk, chunk } }));
        var (late, body, _) = await PostAsync(emulator, JsonSerializer.Serialize(new { model = "jina-embeddings-v3", input = new[] { chunk, chunk, "one more" }, late_chunking = true }));

        Assert.Equal(HttpStatusCode.OK, separate);
        Assert.Equal(HttpStatusCode.BadRequest, late);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("detail").ValueKind);
        Assert.Equal("INPUT_TOKEN_LIMIT_EXCEEDED", emulator.Requests[^1].ErrorCode);
    }

    [Fact]
    public async Task Post_Float_AnswersTheApisShapeWithUsage()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":"Darth Vader","dimensions":64,"embedding_type":"float"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal("jina-embeddings-v3", body.GetProperty("model").GetString());
        int tokens = emulator.CountTokens("Darth Vader");
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(tokens, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        JsonElement item = body.GetProperty("data")[0];
        Assert.Equal("embedding", item.GetProperty("object").GetString());
        Assert.Equal(0, item.GetProperty("index").GetInt32());
        float[] vector = [.. item.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())];
        Assert.Equal(64, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
    }

    [Fact]
    public async Task Post_Encodings_AllDescribeTheSameVector()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (_, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["Luke Skywalker"],"dimensions":32,"embedding_type":["float","base64","binary","ubinary"]}""");

        JsonElement embedding = body.GetProperty("data")[0].GetProperty("embedding");
        float[] floats = [.. embedding.GetProperty("float").EnumerateArray().Select(e => e.GetSingle())];
        byte[] raw = Convert.FromBase64String(embedding.GetProperty("base64").GetString()!);
        float[] decoded = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, decoded, 0, raw.Length);
        byte[] ubinary = Convert.FromBase64String(embedding.GetProperty("ubinary").GetString()!);
        byte[] binary = Convert.FromBase64String(embedding.GetProperty("binary").GetString()!);

        Assert.Equal(floats, decoded);
        Assert.Equal(4, ubinary.Length);
        for (int i = 0; i < floats.Length; i++)
        {
            bool bit = (ubinary[i / 8] & (0x80 >> (i % 8))) != 0;
            Assert.Equal(floats[i] > 0, bit);
        }

        Assert.Equal(ubinary.Select(b => (sbyte)(b - 128)), binary.Select(b => (sbyte)b));
    }

    [Fact]
    public async Task Post_LateChunking_EveryVectorDependsOnTheWholeRequest()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        const string a = """{"model":"jina-embeddings-v3","input":["Berlin is a city.","Its people are many.","Third."],"late_chunking":true,"embedding_type":"float"}""";
        const string b = """{"model":"jina-embeddings-v3","input":["Berlin is a city.","Its people are many.","Changed."],"late_chunking":true,"embedding_type":"float"}""";
        const string plainA = """{"model":"jina-embeddings-v3","input":["Berlin is a city.","Its people are many.","Third."],"embedding_type":"float"}""";
        const string plainB = """{"model":"jina-embeddings-v3","input":["Berlin is a city.","Its people are many.","Changed."],"embedding_type":"float"}""";

        static string First(JsonElement body) => body.GetProperty("data")[0].GetProperty("embedding").ToString();

        Assert.NotEqual(First((await PostAsync(emulator, a)).Body), First((await PostAsync(emulator, b)).Body));
        Assert.Equal(First((await PostAsync(emulator, plainA)).Body), First((await PostAsync(emulator, plainB)).Body));
        int expectedTokens = emulator.CountTokens("Berlin is a city.") + emulator.CountTokens("Its people are many.") + emulator.CountTokens("Third.") - 4;
        Assert.Equal(expectedTokens, emulator.Requests[0].TokenCount);
    }

    [Fact]
    public async Task Post_TextObjects_AreAcceptedAsInputs()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, _, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":[{"text":"hello"},"world"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["hello", "world"], emulator.Requests[0].Inputs);
    }

    [Fact]
    public async Task Faults_RateLimit_Answers429WithTheGatewaysRetryAfter()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueRateLimits(1, "3");

        var (status, body, response) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""");
        var (next, _, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
        Assert.Equal("RATE_REQUEST_LIMIT_EXCEEDED", body.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, next);
        response.Dispose();
    }

    [Fact]
    public async Task Faults_ServerErrorRate_FailsSomeButNotAllRequests()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.ServerErrorRate = 0.5;

        for (int i = 0; i < 40; i++)
        {
            await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""");
        }

        int failures = emulator.Requests.Count(r => r.StatusCode == 503);
        Assert.InRange(failures, 5, 35);
        Assert.Equal(40 - failures, emulator.Requests.Count(r => r.StatusCode == 200));
    }

    [Fact]
    public async Task Faults_Reset_ClearsQueuedFaults()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        emulator.Faults.EnqueueServerErrors(3);
        emulator.Faults.Latency = TimeSpan.FromSeconds(5);

        emulator.Faults.Reset();
        var (status, _, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, emulator.Faults.Pending);
    }

    [Fact]
    public async Task ClearRequests_ForgetsWhatWasReceived()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"]}""");

        emulator.ClearRequests();

        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task Embedder_Custom_ReceivesTheApiOptionsAndRejectsDimensionsAboveItsSize()
    {
        var recorder = new RecordingEmbedder(384);
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { Embedder = recorder });

        var (ok, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"],"task":"retrieval.query","dimensions":128,"late_chunking":true,"normalized":false,"truncate":true,"embedding_type":"float"}""");
        var (native, nativeBody, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"],"embedding_type":"float"}""");
        var (tooBig, _, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a"],"dimensions":512}""");

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(128, body.GetProperty("data")[0].GetProperty("embedding").GetArrayLength());
        EmbeddingGenerationOptions seen = recorder.Calls.First(c => c.AdditionalProperties is not null); // the first call probes the native size
        Assert.Equal(128, seen.Dimensions);
        Assert.Equal("retrieval.query", seen.AdditionalProperties!["task"]);
        Assert.Equal(true, seen.AdditionalProperties["late_chunking"]);
        Assert.Equal(false, seen.AdditionalProperties["normalized"]);
        Assert.Equal(true, seen.AdditionalProperties["truncate"]);
        Assert.Equal(HttpStatusCode.OK, native);
        Assert.Equal(384, nativeBody.GetProperty("data")[0].GetProperty("embedding").GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig);
    }

    [Fact]
    public async Task TokenCounter_Custom_IsUsedForUsageAndLimits()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { TokenCounter = t => t.Length * 1000 });

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["abcdefghi"]}""");
        var (okStatus, okBody, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["abc"]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Input text exceeds", body.GetProperty("detail").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(3002, okBody.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(3002, emulator.CountTokens("abc"));
    }

    private sealed class RecordingEmbedder(int size) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<EmbeddingGenerationOptions> Calls { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (Calls)
            {
                Calls.Add(options?.Clone() ?? new());
            }

            int dims = options?.Dimensions ?? size;
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Enumerable.Repeat(1f / MathF.Sqrt(dims), dims).ToArray()))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
