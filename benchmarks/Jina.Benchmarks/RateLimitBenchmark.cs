using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Jina.Extensions.AI;
using Jina.Testing;

namespace Jina.Benchmarks;

/// <summary>
/// Ingestion at the rate limits of a free key: late-chunked documents of at least two million tokens go through
/// <c>JinaVectorStoreIngestor</c> into the in-memory store, against the emulator with the free tier's limits (1M tokens and
/// 500 requests per window, 2 concurrent requests) and the window scaled from a minute to a few seconds, so that the run
/// takes minutes. Side by side in one process: today's client (a build of an earlier commit, loaded beside the current
/// one), and the new one with the tier's limits stated and with nothing stated (learned from the service).
/// </summary>
/// <remarks>
/// Today's client retries 429s with its own schedule (1 s doubling, five retries, about 31 s in all against a 60 s
/// window); the schedule is scaled with the window so that the comparison keeps the live proportions. The emulator's hash
/// embedder serves the vectors, so the client, not the model, is what is measured.
/// </remarks>
internal static class RateLimitBenchmark
{
    private const int Dimensions = 128;
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(string[] args)
    {
        string? baseline = null;
        var window = TimeSpan.FromSeconds(10);
        long targetTokens = 3_000_000;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--baseline" when i + 1 < args.Length:
                    baseline = Path.GetFullPath(args[++i]);
                    break;
                case "--window" when i + 1 < args.Length:
                    window = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--tokens" when i + 1 < args.Length:
                    targetTokens = long.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine("usage: rate-limits [--baseline <folder with today's Jina.Extensions.AI.dll and Jina.SemanticKernel.dll>] [--window <seconds>] [--tokens <n>]");
                    return 2;
            }
        }

        JinaApiEmulatorRateLimits limits = JinaApiEmulatorRateLimits.FreeTier(window);
        double scale = window / s_minute;
        List<(string Id, string Text)> documents = BuildCorpus(targetTokens, out long corpusTokens);
        int[] expected = await ExpectedChunksAsync(documents);
        Console.WriteLine(Invariant($"// rate-limits: {documents.Count} documents, {corpusTokens:N0} tokens, {expected.Sum():N0} chunks; window {window.TotalSeconds:0.#} s ({limits.TokensPerWindow:N0} tokens, {limits.RequestsPerWindow} requests per window, {limits.ConcurrentRequests} concurrent); {Environment.ProcessorCount} cores"));

        var runs = new List<RunResult>();
        if (baseline is not null)
        {
            var context = new BaselineLoadContext(baseline);
            MethodInfo ingest = context.LoadBenchmarks().GetType(typeof(IngestionRun).FullName!)!.GetMethod(nameof(IngestionRun.IngestAsync))!;
            string version = ingest.DeclaringType!.Assembly.GetReferencedAssemblies().First(a => a.Name == "Jina.Extensions.AI").Name!;
            Console.WriteLine($"// today's client: {Path.Combine(baseline, version)}.dll");

            // Today's options: its defaults (4 requests in flight per call, 5 retries), its 1 s backoff base scaled with the window.
            runs.Add(await RunAsync("today's client", limits, documents, expected, (endpoint, key, docs, configure) =>
                (Task<(long, int[], string?)>)ingest.Invoke(null, [endpoint, key, Dimensions, docs, configure])!, options =>
                Set(options, "RetryBaseDelay", TimeSpan.FromSeconds(scale))));
        }
        else
        {
            Console.WriteLine("// today's client: not run (pass --baseline <folder>; see the README)");
        }

        runs.Add(await RunAsync("new, tier stated", limits, documents, expected, Current, options =>
        {
            var o = (JinaEmbeddingGeneratorOptions)options;
            o.RequestsPerMinute = limits.RequestsPerWindow;
            o.TokensPerMinute = (int)limits.TokensPerWindow!.Value;
            o.MaxConcurrentRequests = limits.ConcurrentRequests;
            Scale(o, window, scale);
        }));
        runs.Add(await RunAsync("new, learned", limits, documents, expected, Current, options =>
            Scale((JinaEmbeddingGeneratorOptions)options, window, scale)));

        Console.WriteLine();
        Console.WriteLine("| client | wall time | tokens per full window (share of 1M) | overall tokens per window | requests | answered 429 | chunks stored / expected | lost | duplicated | stopped by |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (RunResult run in runs)
        {
            Console.WriteLine(run.ToRow(limits.TokensPerWindow!.Value, window));
        }

        return 0;
    }

    // The window the service counts over, and the waits that follow from it, shrink with the window.
    private static void Scale(JinaEmbeddingGeneratorOptions options, TimeSpan window, double scale)
    {
        options.RateLimitWindow = window;
        options.RetryBaseDelay = TimeSpan.FromSeconds(scale);
        options.MaxRateLimitWait = 2 * window;
    }

    private static Task<(long Written, int[] Stored, string? Error)> Current(Uri endpoint, string key, IReadOnlyList<(string Id, string Text)> documents, Action<object> configure) =>
        IngestionRun.IngestAsync(endpoint, key, Dimensions, documents, configure);

    private static void Set(object options, string property, object value) =>
        options.GetType().GetProperty(property)!.SetValue(options, value);

    private static async Task<RunResult> RunAsync(
        string name,
        JinaApiEmulatorRateLimits limits,
        List<(string Id, string Text)> documents,
        int[] expected,
        Func<Uri, string, IReadOnlyList<(string Id, string Text)>, Action<object>, Task<(long Written, int[] Stored, string? Error)>> ingest,
        Action<object> configure)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { RateLimits = limits });
        Stopwatch clock = Stopwatch.StartNew();
        (long _, int[] stored, string? error) = await ingest(emulator.Endpoint, emulator.ApiKey, documents, configure);
        TimeSpan wall = clock.Elapsed;
        var result = new RunResult(name, wall, [.. emulator.Requests], expected, stored, error);
        Console.WriteLine(Invariant($"// {name}: {wall.TotalSeconds:0.0} s, {result.Refused} of {result.Requests.Length} requests answered 429{(error is null ? string.Empty : ", stopped: " + error)}"));
        return result;
    }

    // Documents of about 6,000 tokens, in paragraphs of seed sentences (English and Chinese), each numbered so none repeats.
    private static List<(string Id, string Text)> BuildCorpus(long targetTokens, out long tokens)
    {
        SeedExamples seed = SeedExamples.Default;
        string[] sentences =
        [
            .. seed.KnowledgeBase.En, .. seed.KnowledgeBase.Zh, .. seed.ChatHistory.En, .. seed.ChatHistory.Zh,
            .. seed.Classification.En, .. seed.Classification.Zh, .. seed.LateChunkingAnaphora.Document, .. seed.TextMatching.Input,
        ];
        var documents = new List<(string, string)>();
        var random = new Random(20260209);
        tokens = 0;
        while (tokens < targetTokens)
        {
            var text = new StringBuilder();
            int documentTokens = 0;
            int paragraph = 0;
            while (documentTokens < 6000)
            {
                text.Append(CultureInfo.InvariantCulture, $"Section {documents.Count}.{paragraph++}. ");
                for (int s = 0, count = random.Next(3, 8); s < count; s++)
                {
                    text.Append(sentences[random.Next(sentences.Length)]).Append(' ');
                }

                text.Append("\n\n");
                documentTokens = JinaApiEmulatorTokenCounter.CountTextTokens(text.ToString());
            }

            documents.Add(($"doc-{documents.Count:D5}", text.ToString().TrimEnd()));
            tokens += documentTokens;
        }

        return documents;
    }

    // What every chunk of every document should be: the chunker's own split, which both builds share.
    private static async Task<int[]> ExpectedChunksAsync(List<(string Id, string Text)> documents)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using var generator = new JinaEmbeddingGenerator(new JinaEmbeddingGeneratorOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });
        var chunker = new LateChunker(generator, IngestionRun.ChunkerOptions);
        return [.. documents.Select(d => chunker.Split(d.Text).Count)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record RunResult(string Name, TimeSpan Wall, JinaApiEmulatorRequest[] Requests, int[] Expected, int[] Stored, string? Error)
    {
        public int Refused => Requests.Count(r => r.StatusCode == 429);

        private string Stopped => Error is null ? "-" : Error.Length <= 90 ? Error : Error[..90] + "…";

        public string ToRow(long ceiling, TimeSpan window)
        {
            long[] perWindow = [.. Requests.Where(r => r.StatusCode == 200).GroupBy(r => r.Window).OrderBy(g => g.Key).Select(g => g.Sum(r => (long)r.TokenCount))];

            // Every window but the last, which the run ends part-way through.
            long[] full = perWindow.Length > 1 ? perWindow[..^1] : perWindow;
            double overall = perWindow.Sum() / (Wall / window) / ceiling;
            long lost = Expected.Zip(Stored, (e, s) => Math.Max(0, e - s)).Sum();
            long duplicated = Expected.Zip(Stored, (e, s) => Math.Max(0, s - e)).Sum();
            string shares = full.Length == 0 ? "-" : Invariant($"{full.Average() / ceiling:P1} (min {full.Min() / (double)ceiling:P0}, max {full.Max() / (double)ceiling:P0}, {full.Length} windows)");
            return Invariant($"| {Name} | {Wall.TotalSeconds:0.0} s | {shares} | {overall:P1} | {Requests.Length} | {Refused} ({Refused / (double)Math.Max(1, Requests.Length):P1}) | {Stored.Sum():N0} / {Expected.Sum():N0} | {lost:N0} | {duplicated:N0} | {Stopped} |");
        }
    }
}
