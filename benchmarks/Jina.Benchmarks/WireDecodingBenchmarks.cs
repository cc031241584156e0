using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Jina.Benchmarks;

/// <summary>
/// Decoding a full 2048 × 1024 embeddings response through <see cref="JinaEmbeddingGenerator"/>: <c>base64</c> (what the
/// client asks for) against a JSON float array (what most clients ask for). The HTTP handler replays a prepared body,
/// so the figures are the client's own parsing cost; the WireBytes column is the size of each body.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(WireBytesConfig))]
public class WireDecodingBenchmarks
{
    private const int Inputs = 2048;
    private const int Dimensions = 1024;

    private static readonly Dictionary<string, long> s_wireBytes = [];

    private string[] _texts = [];
    private JinaEmbeddingGenerator _generator = null!;
    private EmbeddingGenerationOptions _options = null!;

    /// <summary>Gets or sets the wire encoding.</summary>
    [Params("base64", "float")]
    public string Encoding { get; set; } = "base64";

    [GlobalSetup]
    public void Setup()
    {
        byte[] body = BuildBody(Encoding);
        lock (s_wireBytes)
        {
            s_wireBytes[Encoding] = body.Length;
        }

        _texts = [.. Enumerable.Range(0, Inputs).Select(i => "text " + i.ToString(CultureInfo.InvariantCulture))];
        _generator = new JinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ApiKey = "benchmark", Endpoint = new Uri("http://127.0.0.1:1/v1/") },
            new HttpClient(new ReplayHandler(body)));
        _options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [JinaPropertyNames.EmbeddingType] = Encoding } };
    }

    [GlobalCleanup]
    public void Cleanup() => _generator.Dispose();

    [Benchmark]
    public async Task<int> Decode2048x1024()
    {
        GeneratedEmbeddings<Embedding<float>> result = await _generator.GenerateAsync(_texts, _options);
        return result.Count;
    }

    private static byte[] BuildBody(string encoding)
    {
        var random = new Random(42);
        var sb = new StringBuilder(capacity: 24 * 1024 * 1024);
        sb.Append("{\"model\":\"jina-embeddings-v3\",\"object\":\"list\",\"usage\":{\"total_tokens\":8192,\"prompt_tokens\":8192},\"data\":[");
        var vector = new float[Dimensions];
        for (int i = 0; i < Inputs; i++)
        {
            double norm = 0;
            for (int d = 0; d < Dimensions; d++)
            {
                vector[d] = (float)(random.NextDouble() - 0.5);
                norm += vector[d] * vector[d];
            }

            for (int d = 0; d < Dimensions; d++)
            {
                vector[d] /= (float)Math.Sqrt(norm);
            }

            sb.Append(i == 0 ? "" : ",").Append("{\"object\":\"embedding\",\"index\":").Append(i).Append(",\"embedding\":");
            if (encoding == "base64")
            {
                byte[] bytes = new byte[Dimensions * sizeof(float)];
                Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
                sb.Append('"').Append(Convert.ToBase64String(bytes)).Append('"');
            }
            else
            {
                sb.Append('[');
                for (int d = 0; d < Dimensions; d++)
                {
                    sb.Append(d == 0 ? "" : ",").Append(vector[d].ToString("R", CultureInfo.InvariantCulture));
                }

                sb.Append(']');
            }

            sb.Append('}');
        }

        sb.Append("]}");
        return System.Text.Encoding.UTF8.GetBytes(sb.ToString());
    }

    private sealed class ReplayHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
    }

    private sealed class WireBytesConfig : ManualConfig
    {
        public WireBytesConfig() => AddColumn(new WireBytesColumn());
    }

    private sealed class WireBytesColumn : IColumn
    {
        public string Id => nameof(WireBytesColumn);

        public string ColumnName => "WireBytes";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Size of the response body on the wire";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            // The benchmark runs in a child process, so the size is computed again here from the same deterministic body.
            string encoding = (string)benchmarkCase.Parameters["Encoding"];
            return (BuildBody(encoding).Length / 1024.0 / 1024.0).ToString("0.00 'MB'", CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
