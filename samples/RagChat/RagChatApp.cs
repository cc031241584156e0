using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using Jina.Extensions.AI;
using Jina.Extensions.AI.Onnx;
using Jina.SemanticKernel;
using Microsoft.Extensions.AI;
using OpenAI;
using Spectre.Console;

namespace RagChat;

/// <summary>The console shell of RagChat: reads the command line and the environment, drives <see cref="RagChatEngine"/>, prints.</summary>
internal static partial class RagChatApp
{
    /// <summary>The exit code of a run that did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The exit code when a service failed: a rejected key, an unreachable chat endpoint.</summary>
    public const int Failure = 1;

    /// <summary>The exit code when the command line, the environment or the corpus is wrong.</summary>
    public const int UsageError = 2;

    private const string ChatHistoryQuestion = "Any good restaurant recommendations?";

    /// <summary>Runs RagChat and returns its exit code; never throws for bad input or a failing service.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="input">Where questions are read from in the interactive loop, or null for the console's prompt.</param>
    /// <param name="indexFolder">
    /// Where the index of a corpus is kept unless --index says otherwise (the program passes <see cref="IndexLocation.DefaultFolder"/>);
    /// null keeps it in memory only, so that a test never writes into the user's profile.
    /// </param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IAnsiConsole console,
        Func<string, string?> environment,
        TextReader? input = null,
        string? indexFolder = null,
        CancellationToken cancellationToken = default)
    {
        RagChatArguments arguments;
        try
        {
            arguments = RagChatArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Error(console, ex.Message);
            return UsageError;
        }

        if (arguments.Help)
        {
            console.WriteLine(RagChatArguments.Usage);
            return Success;
        }

        try
        {
            // A bad question set fails before minutes of ingestion, not after.
            var questions = arguments.EvalFile is { } evalFile ? EvaluationQuestion.Load(evalFile) : null;
            var documents = LoadCorpus(arguments, console);
            if (documents.Count == 0)
            {
                Error(console, $"There is nothing to ingest: '{arguments.DocsFolder}' holds no readable .md or .txt file. Add documents, or add --with-samples.");
                return UsageError;
            }

            if (arguments.ImagesFolder is not null && JinaOptions(environment) is null)
            {
                Error(console, ImagesNeedTheApi);
                return UsageError;
            }

            using var reranker = arguments.Search.Rerank ? CreateReranker(environment) : null;

            // Images and text are searched in one vector space, so with --images the text is embedded by the multimodal model too.
            using var generator = CreateEmbeddingGenerator(environment, arguments.ImagesFolder is null ? null : JinaImageEmbeddingGenerator.DefaultModelId);
            using var chat = CreateChatClient(environment, out var chatModel);
            var indexPath = IndexLocation.Resolve(arguments, indexFolder);
            if (indexPath is not null)
            {
                console.MarkupLine($"[grey]Index:[/] {Markup.Escape(indexPath)}{(arguments.Reindex ? " [grey](rebuilt)[/]" : string.Empty)}");
            }

            using var engine = await CreateEngineAsync(generator, chat, chatModel, reranker, arguments, indexPath, cancellationToken);
            console.MarkupLine($"[grey]Embeddings:[/] {Markup.Escape(engine.Description.ToString())}; [grey]search:[/] {Markup.Escape(engine.Search.ToString())}");

            // Images first: the documents' sync then drops what neither the documents nor the images still hold.
            var imageIds = arguments.ImagesFolder is { } images ? await IngestImagesAsync(engine, images, environment, console, cancellationToken) : [];
            await IngestAsync(engine, documents, imageIds, console, cancellationToken);

            if (questions is not null)
            {
                await EvaluateAsync(engine, questions, arguments, console, cancellationToken);
                return Success;
            }

            if (arguments.Ask is { } question)
            {
                await AnswerAsync(engine, question, arguments, console, cancellationToken);
                return Success;
            }

            console.MarkupLine($"[grey]Ask a question about the documents (try \"{ChatHistoryQuestion}\"); 'exit' or Ctrl+C leaves.[/]");
            while (!cancellationToken.IsCancellationRequested)
            {
                var line = input is null
                    ? await new TextPrompt<string>("[green]?[/]").AllowEmpty().ShowAsync(console, cancellationToken)
                    : await input.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "exit" or "quit")
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    await AnswerAsync(engine, line, arguments, console, cancellationToken);
                }
                catch (Exception ex) when (IsChatFailure(ex))
                {
                    // A chat endpoint that fails once should not end the conversation.
                    Error(console, ChatFailure(environment, ex));
                }
            }

            return Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[grey]Bye.[/]");
            return Success;
        }
        catch (DirectoryNotFoundException ex)
        {
            Error(console, ex.Message);
            return UsageError;
        }
        catch (Exception ex) when (ex is FileNotFoundException or FormatException)
        {
            // The question set of --eval is missing or malformed.
            Error(console, ex.Message);
            return UsageError;
        }
        catch (ConfigurationException ex)
        {
            Error(console, ex.Message);
            return UsageError;
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "dimensions")
        {
            Error(console, FirstLine(ex.Message));
            return UsageError;
        }
        catch (JinaApiException ex)
        {
            var hint = ex.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
                ? " Check JINA_API_KEY, or unset it to use the local engine."
                : string.Empty;
            Error(console, $"The Jina API refused the request: {ex.Message}{hint}");
            return Failure;
        }
        catch (Exception ex) when (IsChatFailure(ex))
        {
            Error(console, ChatFailure(environment, ex));
            return Failure;
        }
        catch (JinaEmbeddingMismatchException ex)
        {
            Error(console, ex.Message);
            return Failure;
        }
        catch (IndexException ex)
        {
            Error(console, ex.Message);
            return Failure;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Last resort: a sample prints what went wrong, never a stack trace.
            Error(console, $"{FirstLine(ex.Message)} ({ex.GetType().Name})");
            return Failure;
        }
    }

    private static async Task<RagChatEngine> CreateEngineAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IChatClient? chat,
        string? chatModel,
        JinaReranker? reranker,
        RagChatArguments arguments,
        string? indexPath,
        CancellationToken cancellationToken)
    {
        try
        {
            return await RagChatEngine.CreateAsync(generator, chat, arguments.Dimensions, chatModel, arguments.Search, reranker, indexPath, arguments.Reindex, cancellationToken);
        }
        catch (JinaEmbeddingMismatchException ex) when (indexPath is not null)
        {
            throw new JinaEmbeddingMismatchException(
                $"{ex.Message} Run again with --reindex to rebuild the index '{indexPath}' with the current engine, or pass --index with another file.", ex);
        }
        catch (InvalidOperationException ex) when (indexPath is not null && ex is not JinaEmbeddingMismatchException)
        {
            // The store refuses a file in use, of another application, or of another format: say which file and how to choose another.
            throw new IndexException($"{ex.Message} (RagChat's index: choose another file with --index.)");
        }
    }

    private static IReadOnlyList<CorpusDocument> LoadCorpus(RagChatArguments arguments, IAnsiConsole console)
    {
        if (arguments.DocsFolder is null)
        {
            return Corpus.LoadBundled();
        }

        var documents = new List<CorpusDocument>(Corpus.LoadFolder(arguments.DocsFolder, w => console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(w)}")));
        if (arguments.WithSamples)
        {
            documents.AddRange(Corpus.LoadBundled());
        }

        return documents;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(Func<string, string?> environment, string? modelId = null)
    {
        // No key: the bundled local engine, no network needed.
        var options = JinaOptions(environment, modelId);
        if (options is null)
        {
            return new OnnxEmbeddingGenerator();
        }

        try
        {
            return new JinaEmbeddingGenerator(options, httpClient: null);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException(FirstLine(ex.Message));
        }
    }

    /// <summary>Returns the Jina API settings the environment gives (JINA_API_KEY, JINA_ENDPOINT), or null without a key.</summary>
    private static JinaEmbeddingGeneratorOptions? JinaOptions(Func<string, string?> environment, string? modelId = null)
    {
        var key = environment(JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var options = new JinaEmbeddingGeneratorOptions { ApiKey = key, Endpoint = JinaEndpoint(environment) ?? JinaEmbeddingGeneratorOptions.DefaultEndpoint };
        if (modelId is not null)
        {
            options.ModelId = modelId;
        }

        return options;
    }

    // Jina's reranker runs in the Jina API only: --rerank without a key is a usage error, said before anything is ingested.
    private static JinaReranker CreateReranker(Func<string, string?> environment)
    {
        var key = environment(JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ConfigurationException(
                "--rerank needs JINA_API_KEY: Jina's reranker runs in the Jina API, and there is no local one. Set JINA_API_KEY " +
                "(a key from https://jina.ai/embeddings), or leave out --rerank to search locally (hybrid search with neighbours).");
        }

        var options = new JinaRerankerOptions { ApiKey = key, Endpoint = JinaEndpoint(environment) ?? JinaEmbeddingGeneratorOptions.DefaultEndpoint };
        try
        {
            return new JinaReranker(options, httpClient: null);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException(FirstLine(ex.Message));
        }
    }

    private static Uri? JinaEndpoint(Func<string, string?> environment)
    {
        if (environment("JINA_ENDPOINT") is not { Length: > 0 } endpoint)
        {
            return null;
        }

        return Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out var uri)
            ? uri
            : throw new ConfigurationException($"JINA_ENDPOINT '{endpoint}' is not an absolute URL such as https://api.jina.ai/v1/.");
    }

    private static IChatClient? CreateChatClient(Func<string, string?> environment, out string? model)
    {
        var endpoint = environment("RAGCHAT_CHAT_ENDPOINT");
        model = environment("RAGCHAT_CHAT_MODEL");
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(model))
        {
            model = null;
            return null;
        }

        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(model))
        {
            throw new ConfigurationException(
                "Set both RAGCHAT_CHAT_ENDPOINT (an OpenAI-compatible base URL, e.g. http://localhost:11434/v1 for Ollama) and RAGCHAT_CHAT_MODEL, or neither.");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new ConfigurationException($"RAGCHAT_CHAT_ENDPOINT '{endpoint}' is not an absolute URL such as http://localhost:11434/v1.");
        }

        var key = environment("RAGCHAT_CHAT_KEY");
        var options = new OpenAIClientOptions { Endpoint = uri, RetryPolicy = new ClientRetryPolicy(maxRetries: 1) };
        // Local servers (Ollama, LM Studio) take any key; the client library insists on one.
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(key) ? "no-key" : key), options);
        return client.GetChatClient(model).AsIChatClient();
    }

    private static async Task IngestAsync(
        RagChatEngine engine, IReadOnlyList<CorpusDocument> documents, IReadOnlyCollection<string> imageIds, IAnsiConsole console, CancellationToken cancellationToken)
    {
        IndexUpdate? result = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Ingesting {documents.Count} documents (late chunking)", maxValue: documents.Count);
                var progress = new SynchronousProgress<JinaIngestionProgress>(p => task.Value = p.DocumentsProcessed);
                result = await engine.SyncAsync(documents, progress, cancellationToken, keep: imageIds);
                task.Value = documents.Count;
            });

        if (result is not null)
        {
            console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[grey]Ingested {documents.Count} documents: {result.Unchanged} unchanged, {result.Embedded} embedded, {result.Removed} removed; {result.ChunksWritten} chunks written, {result.Tokens} tokens.[/]"));
        }
    }

    private static async Task AnswerAsync(RagChatEngine engine, string question, RagChatArguments arguments, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var answer = await engine.AskAsync(question, arguments.Top, cancellationToken);
        console.WriteLine();
        console.Write(new Panel(Markup.Escape(answer.Text))
            .Header(answer.FromChatModel ? "Answer" : "Extractive answer (best passages)")
            .Border(BoxBorder.Rounded));

        var table = new Table().Border(TableBorder.Simple).Title("Passages used");
        table.AddColumn("#").AddColumn("Source").AddColumn("Found by").AddColumn(new TableColumn("Score").RightAligned()).AddColumn("Span").AddColumn("Text");
        var rank = 1;
        foreach (var p in answer.Passages)
        {
            var chunks = p.FirstChunkIndex == p.LastChunkIndex
                ? string.Create(CultureInfo.InvariantCulture, $"chunk {p.ChunkIndex}")
                : string.Create(CultureInfo.InvariantCulture, $"chunks {p.FirstChunkIndex}-{p.LastChunkIndex}");
            table.AddRow(
                (rank++).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(p.Source),
                Markup.Escape(p.FoundBy),
                p.Score.ToString("F3", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{chunks}, chars {p.Start}..{p.Start + p.Length}"),
                Markup.Escape(Shorten(p.Text.Trim().ReplaceLineEndings(" / "), 80)));
        }

        console.Write(table);

        if (arguments.Compare)
        {
            var comparison = await engine.CompareAsync(question, arguments.Top, cancellationToken);
            var grid = new Table().Border(TableBorder.Simple).Title("Ranking: chunks embedded one by one vs late-chunked");
            grid.AddColumn("#").AddColumn("One by one").AddColumn("Late chunking");
            for (var i = 0; i < Math.Max(comparison.OneByOne.Count, comparison.LateChunked.Count); i++)
            {
                grid.AddRow(
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    Cell(comparison.OneByOne, i),
                    Cell(comparison.LateChunked, i));
            }

            console.Write(grid);
        }
    }

    private static async Task EvaluateAsync(
        RagChatEngine engine, IReadOnlyList<EvaluationQuestion> questions, RagChatArguments arguments, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var configurations = RetrievalEvaluation.Configurations(arguments.Search);
        var report = await RetrievalEvaluation.RunAsync(engine, questions, configurations, cancellationToken);

        var table = new Table().Border(TableBorder.Simple)
            .Title(string.Create(CultureInfo.InvariantCulture, $"Retrieval on {questions.Count} questions, up to {RetrievalEvaluation.Depth} passages a search ({Markup.Escape(engine.Description.ToString())})"));
        table.AddColumn("Search").AddColumn("Lang").AddColumn(new TableColumn("Questions").RightAligned());
        foreach (var metric in new[] { "R@1", "R@3", "R@10", "MRR", "nDCG@10" })
        {
            table.AddColumn(new TableColumn(metric).RightAligned());
        }

        table.AddColumn(new TableColumn(engine.CountsTokens ? "ctx@3 tokens" : "ctx@3 chars").RightAligned());

        foreach (var row in report.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Configuration.ToString()),
                row.Language,
                row.Questions.ToString(CultureInfo.InvariantCulture),
                Metric(row.RecallAt1),
                Metric(row.RecallAt3),
                Metric(row.RecallAt10),
                Metric(row.MeanReciprocalRank),
                Metric(row.NdcgAt10),
                row.ContextSize.ToString("F0", CultureInfo.InvariantCulture));
        }

        console.Write(table);

        // Which answers the configuration RagChat answers with left out of its top-3 context, to read and not to tune.
        var answering = configurations[^1];
        var misses = report.Questions
            .Select((q, i) => (q.Id, Rank: report.Ranks[answering][i]))
            .Where(m => m.Rank is null or > 3)
            .Select(m => m.Rank is { } r ? string.Create(CultureInfo.InvariantCulture, $"{m.Id} (#{r})") : $"{m.Id} (not in top {RetrievalEvaluation.Depth})")
            .ToList();
        console.MarkupLine(misses.Count == 0
            ? $"[grey]Every answer is in the top-3 context with {Markup.Escape(answering.ToString())}.[/]"
            : $"[grey]Not in the top-3 context with {Markup.Escape(answering.ToString())}:[/] {Markup.Escape(string.Join(", ", misses))}");

        static string Metric(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
    }

    private static string Cell(IReadOnlyList<CitedPassage> ranking, int i) =>
        i < ranking.Count
            ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{ranking[i].Score:F3} {Shorten(ranking[i].Text.Trim(), 50)} ({ranking[i].Source})"))
            : string.Empty;

    private static bool IsChatFailure(Exception ex) =>
        ex is HttpRequestException or ClientResultException ||
        (ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsChatFailure));

    private static string ChatFailure(Func<string, string?> environment, Exception ex) =>
        $"The chat model at {environment("RAGCHAT_CHAT_ENDPOINT")} could not answer: {FirstLine(ex.Message)} " +
        "Check RAGCHAT_CHAT_ENDPOINT, RAGCHAT_CHAT_MODEL and RAGCHAT_CHAT_KEY, or unset them for extractive answers.";

    private static void Error(IAnsiConsole console, string message) =>
        console.MarkupLine($"[red]Error:[/] {Markup.Escape(message)}");

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>An environment setting that cannot work, with a message that says how to fix it.</summary>
    private sealed class ConfigurationException(string message) : Exception(message);

    /// <summary>An index file that cannot be used, with a message that says which and what to do.</summary>
    private sealed class IndexException(string message) : Exception(message);

    /// <summary>Reports progress on the caller's thread, so the progress bar sees every report before the next line prints.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
