using System.Globalization;
using Jina.SemanticKernel;

namespace RagChat;

/// <summary>The command line of RagChat, parsed.</summary>
internal sealed class RagChatArguments
{
    /// <summary>The usage text printed by --help and after a command-line error.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/RagChat -- [options]

          --ask "question"     answer one question and exit
          --docs <folder>      ingest the .md and .txt files below a folder instead of the bundled corpus
          --with-samples       with --docs: ingest the bundled corpus too
          --images <folder>    ingest the images and PDFs below a folder too (needs JINA_API_KEY: jina-embeddings-v4)
          --top <N>            passages to retrieve (default 3)
          --search <mode>      hybrid (keywords and vectors, the default) or vector
          --neighbors <N>      the most chunks before and after each hit that join it in its passage (default 20, 0 for none)
          --neighbor-tokens <N> the most tokens the neighbours of one hit hold together (default 128, 0 for no limit)
          --rerank             reorder each search's candidates with Jina's reranker (jina-reranker-v3) before the top
                               passages are taken; needs JINA_API_KEY. With --eval, adds the reranked rows
          --eval <file.jsonl>  measure retrieval on a question set (recall@1/@3/@10, MRR, nDCG@10, context size) for vector,
                               hybrid, and both with neighbours, then exit; samples/RagChat/Data holds three sets
                               (questions.jsonl, questions-heldout.jsonl, questions-fresh.jsonl)
          --compare            show the ranking of chunks embedded one by one next to the late-chunked ranking
          --dimensions <N>     Matryoshka size of the vectors (Jina API: 1..1024, trained at 32..1024; local engine: up to 384)
          --index <file>       keep the index in this file (default: one per corpus under the local application data folder)
          --reindex            rebuild the index from scratch, e.g. after changing the engine, model or --dimensions
          --help               show this text

        Environment: JINA_API_KEY (use jina-embeddings-v3 through the Jina API), JINA_ENDPOINT (API base URL),
        RAGCHAT_CHAT_ENDPOINT, RAGCHAT_CHAT_MODEL, RAGCHAT_CHAT_KEY (an OpenAI-compatible chat model).
        """;

    /// <summary>Gets the question to answer once, or null for the interactive prompt.</summary>
    public string? Ask { get; private init; }

    /// <summary>Gets the documents folder, or null for the bundled corpus only.</summary>
    public string? DocsFolder { get; private init; }

    /// <summary>Gets the images folder, or null for no images.</summary>
    public string? ImagesFolder { get; private init; }

    /// <summary>Gets a value indicating whether the bundled corpus is ingested beside --docs.</summary>
    public bool WithSamples { get; private init; }

    /// <summary>Gets the number of passages to retrieve.</summary>
    public int Top { get; private init; } = 3;

    /// <summary>Gets how questions are searched.</summary>
    public SearchSettings Search { get; private init; } = SearchSettings.Default;

    /// <summary>Gets the question set to evaluate retrieval on, or null.</summary>
    public string? EvalFile { get; private init; }

    /// <summary>Gets a value indicating whether rankings with and without late chunking are shown side by side.</summary>
    public bool Compare { get; private init; }

    /// <summary>Gets the requested vector size, or null for the model's default.</summary>
    public int? Dimensions { get; private init; }

    /// <summary>Gets the index file given with --index, or null for the default one.</summary>
    public string? IndexPath { get; private init; }

    /// <summary>Gets a value indicating whether the index is rebuilt from scratch.</summary>
    public bool Reindex { get; private init; }

    /// <summary>Gets a value indicating whether --help was given.</summary>
    public bool Help { get; private init; }

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">An option is unknown, repeated without meaning, or lacks a valid value.</exception>
    public static RagChatArguments Parse(IReadOnlyList<string> args)
    {
        string? ask = null, docs = null, images = null, eval = null, index = null;
        bool withSamples = false, compare = false, reindex = false, help = false, rerank = false;
        int top = 3, neighbors = SearchSettings.Default.Neighbors;
        var neighborTokens = SearchSettings.Default.NeighborTokens;
        var mode = SearchSettings.Default.Mode;
        int? dimensions = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--ask":
                    ask = Value(args, ref i, arg);
                    if (string.IsNullOrWhiteSpace(ask))
                    {
                        throw new ArgumentException("--ask needs a question, for example --ask \"How do I charge my lightsaber?\".");
                    }

                    break;
                case "--docs":
                    docs = Value(args, ref i, arg);
                    break;
                case "--images":
                    images = Value(args, ref i, arg);
                    break;
                case "--with-samples":
                    withSamples = true;
                    break;
                case "--top":
                    top = PositiveInt(Value(args, ref i, arg), arg, max: 50);
                    break;
                case "--search":
                    mode = Value(args, ref i, arg) switch
                    {
                        "hybrid" => JinaSearchMode.Hybrid,
                        "vector" => JinaSearchMode.Vector,
                        var other => throw new ArgumentException($"--search takes hybrid or vector; '{other}' is neither."),
                    };
                    break;
                case "--neighbors" or "--neighbours":
                    neighbors = NonNegativeInt(Value(args, ref i, arg), arg, max: JinaPassageSearchOptions<string>.MaxNeighborChunks);
                    break;
                case "--neighbor-tokens" or "--neighbour-tokens":
                    var budget = NonNegativeInt(Value(args, ref i, arg), arg, max: 100_000);
                    neighborTokens = budget == 0 ? null : budget;
                    break;
                case "--rerank":
                    rerank = true;
                    break;
                case "--eval":
                    eval = Value(args, ref i, arg);
                    break;
                case "--dimensions":
                    dimensions = PositiveInt(Value(args, ref i, arg), arg, max: 1024);
                    break;
                case "--compare":
                    compare = true;
                    break;
                case "--index":
                    index = Value(args, ref i, arg);
                    if (string.IsNullOrWhiteSpace(index))
                    {
                        throw new ArgumentException("--index needs a file name, for example --index notes.db.");
                    }

                    break;
                case "--reindex":
                    reindex = true;
                    break;
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{arg}'. Run with --help to see the options.");
            }
        }

        if (withSamples && docs is null)
        {
            throw new ArgumentException("--with-samples goes with --docs <folder>; without --docs the bundled corpus is used anyway.");
        }

        if (eval is not null && ask is not null)
        {
            throw new ArgumentException("--eval runs the questions of its file; leave out --ask.");
        }

        return new()
        {
            Ask = ask?.Trim(),
            DocsFolder = docs,
            ImagesFolder = images,
            WithSamples = withSamples,
            Top = top,
            Compare = compare,
            Search = new(mode, neighbors, neighborTokens, rerank),
            EvalFile = eval,
            Dimensions = dimensions,
            IndexPath = index,
            Reindex = reindex,
            Help = help,
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string option)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{option} needs a value. Run with --help to see the options.");
        }

        return args[++i];
    }

    private static int PositiveInt(string value, string option, int max) => WholeNumber(value, option, min: 1, max);

    private static int NonNegativeInt(string value, string option, int max) => WholeNumber(value, option, min: 0, max);

    private static int WholeNumber(string value, string option, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new ArgumentException($"{option} takes a whole number from {min} to {max}; '{value}' is not one.");
        }

        return n;
    }
}
