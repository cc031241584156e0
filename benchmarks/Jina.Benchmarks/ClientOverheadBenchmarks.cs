using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Jina.Extensions.AI;
using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Benchmarks;

/// <summary>
/// The client's own cost per embedding against the loopback emulator with no latency. <c>RawHttpBaseline</c> posts the
/// same request with a bare <see cref="HttpClient"/> and only reads the bytes; the difference to <c>Generator</c> is what
/// <see cref="JinaEmbeddingGenerator"/> adds (serialisation, validation, decoding, result assembly). Per-embedding figures
/// (OperationsPerInvoke = batch size).
/// </summary>
[MemoryDiagnoser]
public class ClientOverheadBenchmarks
{
    private const int Batch = 256;

    private JinaApiEmulator _emulator = null!;
    private JinaEmbeddingGenerator _generator = null!;
    private HttpClient _raw = null!;
    private string[] _texts = [];
    private byte[] _rawBody = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await JinaApiEmulator.StartAsync();
        _texts = [.. Enumerable.Range(0, Batch).Select(i => "a short passage about lightsabers number " + i.ToString(CultureInfo.InvariantCulture))];
        _generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = _emulator.ApiKey, Endpoint = _emulator.Endpoint });
        _raw = new HttpClient();
        _rawBody = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            model = "jina-embeddings-v3",
            input = _texts,
            embedding_type = "base64",
            normalized = true,
        }));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _generator.Dispose();
        _raw.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> Generator()
    {
        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync(_texts);
        _emulator.ClearRequests();
        return result.Count;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public async Task<int> RawHttpBaseline()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_emulator.Endpoint, "embeddings")) { Content = new ByteArrayContent(_rawBody) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.ApiKey);
        using HttpResponseMessage response = await _raw.SendAsync(request);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        _emulator.ClearRequests();
        return bytes.Length;
    }
}
