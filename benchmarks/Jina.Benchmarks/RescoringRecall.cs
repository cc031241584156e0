using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Jina.Extensions.AI.Onnx;
using Jina.VectorData.InMemory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.Benchmarks;

/// <summary>
/// Recall@10 of the two-stage search (Hamming candidates, rescored by cosine) against exact cosine search, on real sentences
/// embedded by the local engine (all-MiniLM-L6-v2, 384 dimensions), at several oversampling factors; Hamming alone beside them.
/// </summary>
/// <remarks>
/// The sentences are the <c>&lt;summary&gt;</c> texts of the XML documentation that ships with the .NET SDK's reference
/// assemblies (<c>packs/Microsoft.NETCore.App.Ref/{version}/ref/net10.0/*.xml</c>): English written by people, on every machine
/// that builds this repository, and nothing this code was tuned on. They are de-duplicated, kept at 40 to 300 characters,
/// shuffled with a fixed seed, and split into the corpus and held-out queries. Each vector is stored twice, as floats and as the
/// signs of its floats (what the Jina API's <c>ubinary</c> returns), as <see cref="InMemoryCollection{TKey, TRecord}.SearchWithRescoringAsync"/> expects.
/// </remarks>
internal static partial class RescoringRecall
{
    private const int Dimensions = 384;

    public static async Task<int> RunAsync(string[] args)
    {
        int corpusSize = 20_000;
        int querySize = 500;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sentences" when i + 1 < args.Length:
                    corpusSize = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--queries" when i + 1 < args.Length:
                    querySize = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine("Usage: rescoring-recall [--sentences N (20000)] [--queries N (500)]");
                    return 2;
            }
        }

        (string source, List<string> sentences) = LoadSentences();
        if (sentences.Count < corpusSize + querySize)
        {
            Console.Error.WriteLine($"Only {sentences.Count} sentences in {source}; ask for fewer.");
            return 2;
        }

        Console.WriteLine($"Sentences: {sentences.Count:N0} <summary> texts of {source}; corpus {corpusSize:N0}, held-out queries {querySize:N0}.");
        var stopwatch = Stopwatch.StartNew();
        using var engine = new OnnxEmbeddingGenerator();
        GeneratedEmbeddings<Embedding<float>> corpus = await engine.GenerateAsync(sentences.Take(corpusSize));
        GeneratedEmbeddings<Embedding<float>> queries = await engine.GenerateAsync(sentences.Skip(corpusSize).Take(querySize));
        Console.WriteLine($"Embedded with the local engine (all-MiniLM-L6-v2, {Dimensions} dimensions) in {stopwatch.Elapsed.TotalSeconds:F0} s.");

        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(int)),
                new VectorStoreVectorProperty("Bits", typeof(BitArray), Dimensions) { DistanceFunction = DistanceFunction.HammingDistance },
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), Dimensions),
            ],
        };
        using var collection = new InMemoryCollection<int, SentenceRecord>("sentences", new() { Definition = definition });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(corpus.Select((e, i) => new SentenceRecord { Id = i, Vector = e.Vector, Bits = Signs(e.Vector.Span) }));

        int[] factors = [1, 2, 4, 8, 16];
        var rescored = new double[factors.Length];
        double hamming = 0;
        foreach (Embedding<float> query in queries)
        {
            var exact = new HashSet<int>();
            await foreach (var hit in collection.SearchAsync(query.Vector, 10, new() { VectorProperty = r => r.Vector }))
            {
                exact.Add(hit.Record.Id);
            }

            await foreach (var hit in collection.SearchAsync(Signs(query.Vector.Span), 10, new() { VectorProperty = r => r.Bits }))
            {
                hamming += exact.Contains(hit.Record.Id) ? 1 : 0;
            }

            for (int f = 0; f < factors.Length; f++)
            {
                await foreach (var hit in collection.SearchWithRescoringAsync(query.Vector, 10, new() { Oversampling = factors[f] }))
                {
                    rescored[f] += exact.Contains(hit.Record.Id) ? 1 : 0;
                }
            }
        }

        double total = 10.0 * querySize;
        Console.WriteLine();
        Console.WriteLine("| search | recall@10 against exact cosine |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Hamming alone | {hamming / total:F3} |"));
        for (int f = 0; f < factors.Length; f++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Hamming x{factors[f]} candidates + cosine rescoring | {rescored[f] / total:F3} |"));
        }

        return 0;
    }

    private static (string Source, List<string> Sentences) LoadSentences()
    {
        // The runtime lives in {dotnet}/shared/Microsoft.NETCore.App/{version}; the documented reference assemblies in {dotnet}/packs.
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string packs = Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref");
        string version = Directory.GetDirectories(packs).Select(Path.GetFileName).Order(StringComparer.Ordinal).Last()!;
        string folder = Path.Combine(packs, version, "ref", "net10.0");

        var sentences = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            foreach (XElement summary in XDocument.Load(file).Descendants("summary"))
            {
                string text = Whitespace().Replace(TextOf(summary), " ").Trim();
                if (text.Length is >= 40 and <= 300)
                {
                    sentences.Add(text);
                }
            }
        }

        var ordered = sentences.Order(StringComparer.Ordinal).ToList();
        var random = new Random(12);
        for (int i = ordered.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (ordered[i], ordered[j]) = (ordered[j], ordered[i]);
        }

        return ($"the .NET {version} reference assemblies' XML documentation", ordered);
    }

    // The text a reader sees: a <see cref="T:System.String"/> reads as "String", a <paramref name="x"/> as "x".
    private static string TextOf(XElement element) => string.Concat(element.Nodes().Select(node => node switch
    {
        XText text => text.Value,
        XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("cref") is { } cref => NameOf(cref.Value),
        XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word => word.Value,
        XElement { Name.LocalName: "paramref" or "typeparamref" } reference => reference.Attribute("name")?.Value ?? string.Empty,
        XElement child => TextOf(child),
        _ => string.Empty,
    }));

    private static string NameOf(string cref)
    {
        string member = cref.Split('(')[0];
        return member[(member.LastIndexOfAny([':', '.']) + 1)..];
    }

    private static BitArray Signs(ReadOnlySpan<float> vector)
    {
        var bits = new BitArray(vector.Length);
        for (int i = 0; i < vector.Length; i++)
        {
            bits[i] = vector[i] > 0;
        }

        return bits;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>A sentence's vector, as floats and as bits.</summary>
    public sealed class SentenceRecord
    {
        /// <summary>Gets or sets the key.</summary>
        public int Id { get; set; }

        /// <summary>Gets or sets the signs of the vector.</summary>
        public BitArray? Bits { get; set; }

        /// <summary>Gets or sets the vector.</summary>
        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
