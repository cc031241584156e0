using System.Net;
using System.Text.Json;
using Jina.Testing;

namespace Jina.Extensions.AI.Tests.Emulator;

/// <summary>Images and PDFs for the multimodal models: the checks, the vectors and the caption convention.</summary>
public sealed partial class JinaApiEmulatorTests
{
    private static string Image(byte[] bytes) => $$"""{"image":"{{Convert.ToBase64String(bytes)}}"}""";

    private static float[] VectorAt(JsonElement body, int index) =>
        [.. body.GetProperty("data")[index].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())];

    [Fact]
    public async Task Post_CaptionedImage_IsEmbeddedAsItsCaptionWouldBeAsText()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        byte[] png = EmulatorMedia.Png("a red bicycle leaning against a brick wall");

        var (status, body, _) = await PostAsync(
            emulator, $$"""{"model":"jina-embeddings-v4","task":"retrieval.passage","input":[{{Image(png)}},"a red bicycle leaning against a brick wall"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("a red bicycle leaning against a brick wall", EmulatorMedia.ReadCaption(png));
        Assert.Equal(VectorAt(body, 1), VectorAt(body, 0));
        Assert.Equal(2048, VectorAt(body, 0).Length);
        Assert.Equal(["image", "text"], emulator.Requests[0].InputKinds);
    }

    [Fact]
    public async Task Post_CaptionInAnImageUrl_IsReadPercentDecoded()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(
            emulator, """{"model":"jina-clip-v2","input":[{"image":"https://example.com/bike.jpg#jina-caption:a%20red%20bicycle"},"a red bicycle"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(VectorAt(body, 1), VectorAt(body, 0));
    }

    [Fact]
    public async Task Post_UncaptionedImages_GetAStableVectorOfTheirBytes()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        byte[] dark = EmulatorMedia.Png(pixel: 10);
        byte[] light = EmulatorMedia.Png(pixel: 240);

        var (status, body, _) = await PostAsync(emulator, $$"""{"model":"jina-clip-v2","dimensions":64,"input":[{{Image(dark)}},{{Image(light)}}]}""");
        var (again, repeat, _) = await PostAsync(emulator, $$"""{"model":"jina-clip-v2","dimensions":64,"input":[{{Image(dark)}}]}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (status, again));
        Assert.Equal(EmulatorMedia.VectorOf(dark, 64), VectorAt(body, 0));
        Assert.Equal(VectorAt(body, 0), VectorAt(repeat, 0));
        Assert.True(Math.Abs(TestGenerators.Cosine(VectorAt(body, 0), VectorAt(body, 1))) < 0.5);
        Assert.Equal(1.0, TestGenerators.Cosine(VectorAt(body, 0), VectorAt(body, 0)), 4);
    }

    [Fact]
    public async Task Post_ImagesAndPdfs_AreChargedTheEmulatorsMediaTokens()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { MediaTokens = 765 });

        var (status, body, _) = await PostAsync(
            emulator, """{"model":"jina-embeddings-v4","input":[{"image":"https://example.com/a.png"},{"image":"https://example.com/b.png"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2 * 765, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_ImageForATextModel_IsAValidationErrorOnThatInput()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        var (status, body, _) = await PostAsync(emulator, """{"model":"jina-embeddings-v3","input":["a caption",{"image":"https://example.com/a.png"}]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        JsonElement error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("body -> jina-embeddings-v3 -> input -> 1", error.GetProperty("field").GetString());
        Assert.Equal("string_type", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Post_PdfBesideOtherInputs_IsRefused()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string pdf = Convert.ToBase64String(EmulatorMedia.Pdf("a manual"));

        var (status, body, _) = await PostAsync(emulator, $$"""{"model":"jina-embeddings-v4","input":[{"pdf":"{{pdf}}"},{"image":"https://example.com/a.png"}]}""");
        var (alone, _, _) = await PostAsync(emulator, $$"""{"model":"jina-embeddings-v4","input":[{"pdf":"{{pdf}}"}]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("PDF input must be sent alone", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alone);
    }

    [Theory]
    [InlineData("oversized", "takes images and PDFs up to 8 MB")]
    [InlineData("undecodable", "neither an http(s) URL nor base64")]
    [InlineData("late", "late_chunking applies to text inputs only")]
    public async Task Post_BadImage_IsA400ThatSaysWhy(string kind, string expected)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        string json = kind switch
        {
            "oversized" => $$"""{"model":"jina-clip-v2","input":[{"image":"{{Convert.ToBase64String(new byte[EmulatorMedia.MaxBytes + 1])}}"}]}""",
            "undecodable" => """{"model":"jina-clip-v2","input":[{"image":"not base64 at all!"}]}""",
            _ => """{"model":"jina-embeddings-v4","late_chunking":true,"input":["a text",{"image":"https://example.com/a.png"}]}""",
        };

        var (status, body, _) = await PostAsync(emulator, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Png_IsAWellFormedPngWhoseCaptionReadsBack()
    {
        byte[] png = EmulatorMedia.Png("灯塔 at night");

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
        Assert.Equal("灯塔 at night", EmulatorMedia.ReadCaption(png));
        Assert.Null(EmulatorMedia.ReadCaption(EmulatorMedia.Png()));
        Assert.Equal("a manual", EmulatorMedia.ReadCaption(EmulatorMedia.Pdf("a manual")));
    }
}
