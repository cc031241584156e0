using System.Collections;
using System.Net;
using System.Text.Json;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>Bit vectors: <c>ubinary</c> and <c>binary</c>, as base64 and as integer arrays, into MEAI's <see cref="BinaryEmbedding"/>.</summary>
public sealed partial class JinaEmbeddingGeneratorTests
{
    // Sixteen dimensions packed by hand, dimension 0 in the most significant bit of byte 0 (numpy's packbits order):
    // byte 0 = 1011 0000 (dimensions 0, 2 and 3 positive), byte 1 = 0000 0001 (dimension 15 positive).
    private static readonly byte[] s_handPacked = [0b1011_0000, 0b0000_0001];
    private static readonly int[] s_handPackedPositive = [0, 2, 3, 15];

    private static readonly EmbeddingGenerationOptions s_signedBinary = new() { AdditionalProperties = new() { [JinaPropertyNames.EmbeddingType] = "binary" } };

    public static TheoryData<string, string> HandPackedBodies => new()
    {
        // ubinary: the bytes as they are; binary: each byte minus 128 as a signed byte.
        { "ubinary", $"\"{Convert.ToBase64String(s_handPacked)}\"" },
        { "ubinary", "[176, 1]" },
        { "binary", $"\"{Convert.ToBase64String([(byte)(s_handPacked[0] ^ 0x80), (byte)(s_handPacked[1] ^ 0x80)])}\"" },
        { "binary", "[48, -127]" },
    };

    [Theory]
    [MemberData(nameof(HandPackedBodies))]
    public async Task GenerateBinaryAsync_HandPackedVector_SetsExactlyTheBitsOfThePositiveDimensions(string type, string embedding)
    {
        var handler = new RecordingHandler($$"""{"model":"jina-embeddings-v3","object":"list","usage":{"total_tokens":3},"data":[{"object":"embedding","index":0,"embedding":{{embedding}}}]}""");
        using var generator = new JinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = "test-key", Endpoint = new Uri("http://127.0.0.1:9/v1/"), Dimensions = 16 }, new HttpClient(handler));
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;

        GeneratedEmbeddings<BinaryEmbedding> result = await bits.GenerateAsync(["a text"], type == "binary" ? s_signedBinary : null);

        BitArray vector = Assert.Single(result).Vector;
        Assert.Equal(16, vector.Length);
        Assert.Equal(s_handPackedPositive, Enumerable.Range(0, 16).Where(i => vector[i]));
        Assert.Equal("jina-embeddings-v3", result[0].ModelId);
        Assert.Equal(type, JsonDocument.Parse(handler.Body!).RootElement.GetProperty("embedding_type").GetString());
    }

    [Theory]
    [InlineData("ubinary", false)]
    [InlineData("ubinary", true)]
    [InlineData("binary", false)]
    [InlineData("binary", true)]
    public async Task GenerateBinaryAsync_OverTheEmulator_EachBitIsTheSignOfTheFloatDimension(string type, bool integers)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.Task = JinaTask.RetrievalPassage);
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;
        emulator.Faults.BinaryAsIntegerArrays = integers;

        GeneratedEmbeddings<Embedding<float>> floats = await generator.GenerateAsync(s_texts);
        GeneratedEmbeddings<BinaryEmbedding> packed = await bits.GenerateAsync(s_texts, type == "binary" ? s_signedBinary : null);

        Assert.Equal(type, emulator.Requests[1].EmbeddingType);
        Assert.Equal(integers ? JsonValueKind.Array : JsonValueKind.String, EmbeddingKindOf(emulator, 1));
        for (int i = 0; i < s_texts.Length; i++)
        {
            Assert.Equal(1024, packed[i].Dimensions);
            float[] signs = floats[i].Vector.ToArray();
            Assert.All(Enumerable.Range(0, 1024), d => Assert.Equal(signs[d] > 0, packed[i].Vector[d]));
        }
    }

    [Fact]
    public async Task GenerateBinaryAsync_DimensionsNotAMultipleOfEight_ReturnsThatManyBits()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;

        GeneratedEmbeddings<BinaryEmbedding> result = await bits.GenerateAsync(s_texts, new EmbeddingGenerationOptions { Dimensions = 100 });
        GeneratedEmbeddings<Embedding<float>> floats = await generator.GenerateAsync(s_texts, new EmbeddingGenerationOptions { Dimensions = 100 });

        Assert.All(result, r => Assert.Equal(100, r.Vector.Length));
        Assert.Equal(100, emulator.Requests[0].Dimensions);
        Assert.All(Enumerable.Range(0, 100), d => Assert.Equal(floats[0].Vector.Span[d] > 0, result[0].Vector[d]));
    }

    [Fact]
    public async Task GenerateBinaryAsync_LargeCall_IsBatchedAndPlacedByIndexLikeFloats()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o => o.MaxInputsPerRequest = 7);
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;
        string[] texts = [.. Enumerable.Range(0, 30).Select(i => $"passage number {i} about lightsabers")];
        emulator.Faults.ReverseDataOrder = true;

        GeneratedEmbeddings<BinaryEmbedding> result = await bits.GenerateAsync(texts);
        GeneratedEmbeddings<BinaryEmbedding> one = await bits.GenerateAsync([texts[17]]);

        Assert.Equal(30, result.Count);
        Assert.Equal(5 + 1, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal("ubinary", r.EmbeddingType));
        Assert.Equal(Bits(one[0].Vector), Bits(result[17].Vector));
        Assert.NotNull(result.Usage);
    }

    [Theory]
    [InlineData("float")]
    [InlineData("base64")]
    public async Task GenerateBinaryAsync_FloatEmbeddingType_ThrowsBeforeSending(string type)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.EmbeddingType] = type } };

        var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => bits.GenerateAsync(s_texts, options));

        Assert.Contains("ubinary", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_UbinaryForFloats_SaysWhereBitVectorsComeFrom()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.EmbeddingType] = "ubinary" } };

        var ex = await Assert.ThrowsAsync<ArgumentException>("options", () => generator.GenerateAsync(s_texts, options));

        Assert.Contains("BinaryEmbedding", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("binary", "[48, 200]")]
    [InlineData("ubinary", "[176, -1]")]
    public async Task GenerateBinaryAsync_IntegersOutsideTheEncoding_FailWithTheResponseMismatch(string type, string embedding)
    {
        var handler = new RecordingHandler($$"""{"model":"jina-embeddings-v3","data":[{"index":0,"embedding":{{embedding}}}]}""");
        using var generator = new JinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = "test-key", Endpoint = new Uri("http://127.0.0.1:9/v1/"), Dimensions = 16 }, new HttpClient(handler));
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => bits.GenerateAsync(["a text"], type == "binary" ? s_signedBinary : null));

        Assert.Contains(type, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not match the request", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetService_BitVectorInterface_ReturnsTheGeneratorAndItsPipelineBuilds()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator);
        IEmbeddingGenerator<string, BinaryEmbedding> bits = generator;
        using IEmbeddingGenerator<string, BinaryEmbedding> pipeline = bits.AsBuilder().UseOpenTelemetry().Build();

        BinaryEmbedding one = await pipeline.GenerateAsync("Why is my lightsaber blade flickering?");

        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, BinaryEmbedding>>());
        Assert.Same(generator, pipeline.GetService<JinaEmbeddingGenerator>());
        Assert.Equal("jina", pipeline.GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
        Assert.Equal(1024, one.Dimensions);
    }

    private static JsonValueKind EmbeddingKindOf(JinaApiEmulator emulator, int request)
    {
        // The response is not recorded; the request is replayed against the emulator to see the form it answers in.
        using var client = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.Endpoint, "embeddings"))
        {
            Content = new StringContent(emulator.Requests[request].Body, System.Text.Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new("Bearer", emulator.ApiKey);
        using HttpResponseMessage response = client.Send(message);
        using var body = JsonDocument.Parse(response.Content.ReadAsStream());
        return body.RootElement.GetProperty("data")[0].GetProperty("embedding").ValueKind;
    }

    private static bool[] Bits(BitArray bits)
    {
        var values = new bool[bits.Length];
        bits.CopyTo(values, 0);
        return values;
    }

    /// <summary>Answers every request with one body and keeps the last request body.</summary>
    private sealed class RecordingHandler(string responseBody) : HttpMessageHandler
    {
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(responseBody, System.Text.Encoding.UTF8, "application/json") };
        }
    }
}
