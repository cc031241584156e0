using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents a chunker that embeds every chunk of a document with the whole document as its context (late chunking).</summary>
/// <remarks>
/// <para>
/// A document is cut into chunks by <see cref="LateChunkerOptions.Splitter"/>; consecutive chunks are grouped into
/// windows that fit the model's context and request limits, and each window is sent as one request with
/// <c>late_chunking=true</c>: the model reads the window's chunks as one text and pools one vector per chunk from its
/// own tokens, so "it" and "the city" keep what they refer to. A document longer than the context is covered by
/// overlapping windows: each window after the first starts with preceding chunks as context only, and their duplicate
/// vectors are dropped, so every chunk is embedded with the text before it.
/// </para>
/// <para>
/// Late-chunked requests bypass any caching layer of the generator's pipeline: a cache could answer part of a window
/// from an earlier request, and that vector would have been pooled in a different context. When the pipeline holds a
/// <see cref="CachingEmbeddingGenerator{TInput, TEmbedding}"/>, requests go to the provider at its end
/// (<c>JinaEmbeddingGenerator</c> or <c>OnnxEmbeddingGenerator</c>), so the pipeline's other layers (logging, telemetry,
/// configured options) are skipped too; give the chunker a pipeline without a cache to keep them.
/// </para>
/// </remarks>
public sealed class LateChunker
{
    private const int DefaultWindowTokens = 8192;
    private const int DefaultMaxInputsPerRequest = 2048;
    private const int DefaultMaxChunkTokens = 512;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly EmbeddingGenerationOptions _requestOptions;
    private readonly ChunkSplitter _splitter;
    private readonly TokenCounter _counter;
    private readonly int _budget;
    private int _maxInputs;
    private readonly int _overlapTokens;
    private readonly int _maxChunkTokens;
    private readonly int _maxConcurrentWindows;

    /// <summary>Initializes a new instance of the <see cref="LateChunker"/> class.</summary>
    /// <param name="generator">A generator that honours <c>late_chunking</c>: <c>JinaEmbeddingGenerator</c> with jina-embeddings-v3 or v4, or the local <c>OnnxEmbeddingGenerator</c>.</param>
    /// <param name="options">The chunker's options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="NotSupportedException">The generator's model does not support late chunking (jina-embeddings-v2, v5, the code and clip models).</exception>
    /// <exception cref="InvalidOperationException">The pipeline caches embeddings and its provider is neither <c>JinaEmbeddingGenerator</c> nor <c>OnnxEmbeddingGenerator</c>, so it cannot be reached past the cache.</exception>
    public LateChunker(IEmbeddingGenerator<string, Embedding<float>> generator, LateChunkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new LateChunkerOptions();
        ArgumentNullException.ThrowIfNull(options.Splitter, "options.Splitter");
        ValidatePositive(options.MaxChunkTokens, "options.MaxChunkTokens");
        ValidatePositive(options.MaxWindowTokens, "options.MaxWindowTokens");
        ValidatePositive(options.MaxInputsPerRequest, "options.MaxInputsPerRequest");
        if (options.OverlapTokens is int overlap)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(overlap, "options.OverlapTokens");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentWindows, 1, "options.MaxConcurrentWindows");

        var capabilities = generator.GetService(typeof(EmbeddingModelCapabilities)) as EmbeddingModelCapabilities;
        if (capabilities is { SupportsLateChunking: false })
        {
            throw new NotSupportedException(
                $"The model '{capabilities.ModelId}' does not support late chunking (the v2, v5, code and clip models have none). " +
                "Use jina-embeddings-v3 or v4, or the local OnnxEmbeddingGenerator.");
        }

        _generator = CacheBypass.Bypass(generator, nameof(LateChunker));
        _splitter = options.Splitter;
        _counter = TokenCounter.For(options.Tokenizer ?? capabilities?.Tokenizer);

        _requestOptions = options.EmbeddingOptions?.Clone() ?? new EmbeddingGenerationOptions();
        var properties = _requestOptions.AdditionalProperties = _requestOptions.AdditionalProperties?.Clone() ?? [];
        properties[JinaPropertyNames.LateChunking] = true;
        if (!properties.ContainsKey(JinaPropertyNames.Truncate))
        {
            // A generator that truncates by default would cut a window short silently; an over-long window must fail
            // instead, so that it is split and retried. Only a caller who asks for truncation here gets it.
            properties[JinaPropertyNames.Truncate] = false;
        }

        if (!properties.ContainsKey(JinaPropertyNames.Task) && capabilities?.SupportsTasks != false)
        {
            properties[JinaPropertyNames.Task] = JinaTask.RetrievalPassage.Value;
        }

        int instructionTokens = 0;
        if (capabilities?.SupportsTasks != false)
        {
            // jina-embeddings-v3 reads retrieval texts after an instruction that the local engine puts in front of the
            // first input of every request, so each window leaves room for it; no window relies on the engine re-windowing.
            properties.TryGetValue(JinaPropertyNames.Task, out object? task);
            instructionTokens = CountInstructionTokens(task?.ToString(), _counter);
        }

        int window = Math.Min(options.MaxWindowTokens ?? capabilities?.MaxInputTokens ?? DefaultWindowTokens, capabilities?.MaxInputTokens ?? int.MaxValue);
        _budget = Math.Max(1, window - _counter.SpecialTokens - instructionTokens);
        _maxInputs = Math.Max(1, Math.Min(options.MaxInputsPerRequest ?? capabilities?.MaxInputsPerRequest ?? DefaultMaxInputsPerRequest, capabilities?.MaxInputsPerRequest ?? int.MaxValue));
        _overlapTokens = Math.Min(options.OverlapTokens ?? (_budget / 8), _budget / 2);
        _maxChunkTokens = Math.Max(1, Math.Min(options.MaxChunkTokens ?? DefaultMaxChunkTokens, _budget - _overlapTokens));
        _maxConcurrentWindows = options.MaxConcurrentWindows;
    }

    /// <summary>Splits <paramref name="document"/> into the chunks <see cref="EmbedDocumentAsync"/> embeds, without embedding them.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The chunks' spans, which tile the document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<Range> Split(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SplitCore(document);
    }

    /// <summary>Splits one document into chunks and embeds each with the document as its context.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The chunks in document order; their spans tile the document. Empty, without a request, for a document with no text the model's tokenizer reads (empty or whitespace-only).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The generator returned an unexpected number of embeddings, or rejected a single chunk as too long.</exception>
    public Task<IReadOnlyList<EmbeddedChunk>> EmbedDocumentAsync(string document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        List<Range> spans = SplitCore(document);
        var texts = new string[spans.Count];
        var starts = new int[spans.Count];
        var lengths = new int[spans.Count];
        var sent = new string[spans.Count];
        for (int i = 0; i < spans.Count; i++)
        {
            (starts[i], lengths[i]) = spans[i].GetOffsetAndLength(document.Length);
            texts[i] = document.Substring(starts[i], lengths[i]);
            sent[i] = texts[i].Trim();
        }

        return EmbedAsync(texts, sent, starts, lengths, cancellationToken);
    }

    /// <summary>Embeds chunks the caller already has (the messages of a chat, for example) with each other as context.</summary>
    /// <param name="chunks">The consecutive chunks of one document, in order; they are not split further.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One chunk per input, in order; <see cref="EmbeddedChunk.Start"/> is the offset in the chunks joined with a single space, as the model reads them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="chunks"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A chunk is <see langword="null"/>, empty or whitespace.</exception>
    /// <exception cref="InvalidOperationException">The generator returned an unexpected number of embeddings, or rejected a single chunk as too long.</exception>
    public Task<IReadOnlyList<EmbeddedChunk>> EmbedChunksAsync(IReadOnlyList<string> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var texts = new string[chunks.Count];
        var starts = new int[chunks.Count];
        var lengths = new int[chunks.Count];
        int offset = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            string? chunk = chunks[i];
            if (string.IsNullOrWhiteSpace(chunk))
            {
                throw new ArgumentException($"The chunk at index {i} is null, empty or whitespace; every chunk must have text.", nameof(chunks));
            }

            texts[i] = chunk;
            starts[i] = offset;
            lengths[i] = chunk.Length;
            offset += chunk.Length + 1;
        }

        return EmbedAsync(texts, texts, starts, lengths, cancellationToken);
    }

    /// <summary>Embeds many documents one after another, yielding each as soon as its chunks are embedded.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The documents in input order, with their chunks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="documents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A document is <see langword="null"/>.</exception>
    public IAsyncEnumerable<EmbeddedDocument> EmbedDocumentsAsync(IEnumerable<string> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return EmbedDocumentsCoreAsync(documents.ToAsyncEnumerable(), cancellationToken);
    }

    /// <summary>Embeds a stream of documents one after another, yielding each as soon as its chunks are embedded.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The documents in input order, with their chunks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="documents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A document is <see langword="null"/>.</exception>
    public IAsyncEnumerable<EmbeddedDocument> EmbedDocumentsAsync(IAsyncEnumerable<string> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return EmbedDocumentsCoreAsync(documents, cancellationToken);
    }

    private async IAsyncEnumerable<EmbeddedDocument> EmbedDocumentsCoreAsync(
        IAsyncEnumerable<string> documents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int index = 0;
        await foreach (string? document in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (document is null)
            {
                throw new ArgumentException($"The document at index {index} is null.", nameof(documents));
            }

            IReadOnlyList<EmbeddedChunk> chunks = await EmbedDocumentAsync(document, cancellationToken).ConfigureAwait(false);
            yield return new EmbeddedDocument { Index = index, Text = document, Chunks = chunks };
            index++;
        }
    }

    private List<Range> SplitCore(string document)
    {
        List<Range> spans = _splitter.Split(document, _counter);

        // A chunk too large for a window (or over MaxChunkTokens) is cut again at the best boundary inside it.
        List<int>? cuts = null;
        foreach (Range span in spans)
        {
            (int start, int length) = span.GetOffsetAndLength(document.Length);
            if (_counter.Count(document.AsSpan(start, length)) > _maxChunkTokens)
            {
                cuts ??= [.. spans.Select(s => s.Start.GetOffset(document.Length))];
                TextBoundaries.SplitOversized(document, start, start + length, _maxChunkTokens, _counter, cuts);
            }
        }

        return JoinTokenless(document, cuts is null ? spans : TextBoundaries.ToSpans(document, cuts));
    }

    // A chunk the tokenizer reads as nothing (a zero-width space or a soft hyphen on a line of its own) cannot be pooled,
    // and the local engine refuses it: it joins the chunk before it, or the one after it at the start of the document.
    private List<Range> JoinTokenless(string document, List<Range> spans)
    {
        List<Range>? joined = null;
        int pendingStart = -1;
        for (int i = 0; i < spans.Count; i++)
        {
            (int start, int length) = spans[i].GetOffsetAndLength(document.Length);
            ReadOnlySpan<char> text = document.AsSpan(start, length).Trim();
            if (!HasNoVisibleText(text) || _counter.Count(text) > 0)
            {
                joined?.Add(new Range(pendingStart >= 0 ? pendingStart : start, start + length));
                pendingStart = -1;
                continue;
            }

            joined ??= spans[..i];
            if (joined.Count > 0)
            {
                joined[^1] = new Range(joined[^1].Start, start + length);
            }
            else if (pendingStart < 0)
            {
                pendingStart = start;
            }
        }

        // A document of nothing but such characters has no chunk the model can read, like a whitespace-only one.
        return joined ?? spans;
    }

    // Letters, digits, punctuation and symbols always give a token (the unknown token at worst); format characters and
    // lone marks may give none.
    private static bool HasNoVisibleText(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<IReadOnlyList<EmbeddedChunk>> EmbedAsync(
        string[] texts, string[] sent, int[] starts, int[] lengths, CancellationToken cancellationToken)
    {
        if (texts.Length == 0)
        {
            return [];
        }

        var tokens = new int[sent.Length];
        for (int i = 0; i < sent.Length; i++)
        {
            tokens[i] = _counter.Count(sent[i]);
        }

        var embeddings = new Embedding<float>[sent.Length];
        using var gate = new SemaphoreSlim(_maxConcurrentWindows);

        // The first window that fails stops the others: the document cannot be completed anyway.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var document = new WindowedDocument(sent, tokens, embeddings, gate, failed);
        List<ChunkWindow> windows = ChunkWindow.Plan(tokens, 0, tokens.Length, _budget, Volatile.Read(ref _maxInputs), _overlapTokens);
        await EmbedWindowsAsync(document, windows, failed.Token).ConfigureAwait(false);

        var result = new EmbeddedChunk[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            result[i] = new EmbeddedChunk { Index = i, Text = texts[i], Start = starts[i], Length = lengths[i], Embedding = embeddings[i] };
        }

        return result;
    }

    private Task EmbedWindowsAsync(WindowedDocument document, List<ChunkWindow> windows, CancellationToken cancellationToken) =>
        windows.Count == 1
            ? EmbedWindowOrStopAsync(document, windows[0], cancellationToken)
            : Task.WhenAll(windows.Select(w => EmbedWindowOrStopAsync(document, w, cancellationToken)));

    private async Task EmbedWindowOrStopAsync(WindowedDocument document, ChunkWindow window, CancellationToken cancellationToken)
    {
        try
        {
            await EmbedWindowAsync(document, window, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await document.Failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EmbedWindowAsync(WindowedDocument document, ChunkWindow window, CancellationToken cancellationToken)
    {
        var inputs = new ArraySegment<string>(document.Texts, window.ContextStart, window.Count);
        GeneratedEmbeddings<Embedding<float>> generated;
        await document.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            generated = await _generator.GenerateAsync(inputs, _requestOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTokenLimitError(ex) && !cancellationToken.IsCancellationRequested)
        {
            document.Gate.Release();
            await RetrySmallerAsync(document, window, ex, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (TryGetInputLimit(ex, out int limit) && limit < window.Count && !cancellationToken.IsCancellationRequested)
        {
            // The service carries fewer inputs per request than the generator said: every later window keeps to its figure.
            document.Gate.Release();
            int known;
            while (limit < (known = Volatile.Read(ref _maxInputs)) && Interlocked.CompareExchange(ref _maxInputs, limit, known) != known)
            {
            }

            List<ChunkWindow> smaller = ChunkWindow.Plan(document.Tokens, window.OwnedStart, window.End, _budget, limit, _overlapTokens);
            await EmbedWindowsAsync(document, smaller, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch
        {
            document.Gate.Release();
            throw;
        }

        document.Gate.Release();
        if (generated.Count != window.Count)
        {
            throw new InvalidOperationException(
                $"The embedding generator returned {generated.Count} embeddings for a late-chunked request of {window.Count} chunks; " +
                "late chunking needs a generator that returns one embedding per input.");
        }

        // The context chunks' vectors are dropped: each chunk keeps the vector of the window that owns it.
        for (int i = window.OwnedStart; i < window.End; i++)
        {
            document.Embeddings[i] = generated[i - window.ContextStart];
        }
    }

    // The service counted more tokens than we did: embed the same chunks in smaller windows instead of truncating.
    private Task RetrySmallerAsync(WindowedDocument document, ChunkWindow window, Exception error, CancellationToken cancellationToken)
    {
        List<ChunkWindow> smaller;
        if (window.End - window.OwnedStart > 1)
        {
            int windowTokens = 0;
            int largestChunk = 0;
            for (int i = window.ContextStart; i < window.End; i++)
            {
                windowTokens += document.Tokens[i];
                largestChunk = i >= window.OwnedStart ? Math.Max(largestChunk, document.Tokens[i]) : largestChunk;
            }

            int budget = Math.Max(largestChunk, windowTokens / 2);
            smaller = ChunkWindow.Plan(document.Tokens, window.OwnedStart, window.End, budget, Volatile.Read(ref _maxInputs), Math.Min(_overlapTokens, budget / 2));
            if (smaller is [ChunkWindow only] && only.Count >= window.Count)
            {
                // Chunks the counter reads as empty can make the plan repeat the rejected window: halve it by chunks instead.
                int middle = window.OwnedStart + ((window.End - window.OwnedStart) / 2);
                smaller = [new ChunkWindow(window.OwnedStart, window.OwnedStart, middle), new ChunkWindow(middle, middle, window.End)];
            }
        }
        else if (window.ContextStart < window.OwnedStart)
        {
            smaller = [new ChunkWindow(window.OwnedStart, window.OwnedStart, window.End)];
        }
        else
        {
            throw new InvalidOperationException(
                $"The service rejected chunk {window.OwnedStart} ({document.Tokens[window.OwnedStart]} tokens by the chunker's count) as longer than " +
                "the model's context even on its own. Lower LateChunkerOptions.MaxChunkTokens, or set LateChunkerOptions.Tokenizer to the model's tokenizer.",
                error);
        }

        return EmbedWindowsAsync(document, smaller, cancellationToken);
    }

    private static bool IsTokenLimitError(Exception exception)
    {
        // The Jina API says so in words, with no code ({"detail": {"message": "Input text exceeds the model's maximum of 8194
        // tokens..."}}); older bodies and other providers carry INPUT_TOKEN_LIMIT_EXCEEDED as a code or in their message.
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is JinaApiException { StatusCode: not (System.Net.HttpStatusCode)429 } api && JinaErrorParser.IsTokenLimit(api.ErrorCode, api.Detail))
            {
                return true;
            }

            if (JinaErrorParser.IsTokenLimit(null, e.Message))
            {
                return true;
            }
        }

        return false;
    }

    // "Each input list can contain at most 512 items": the service's own limit on inputs per request.
    private static bool TryGetInputLimit(Exception exception, out int limit)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (JinaErrorParser.TryGetInputLimit((e as JinaApiException)?.Detail ?? e.Message, out limit))
            {
                return true;
            }
        }

        limit = 0;
        return false;
    }

    // The instruction a task puts before the text: jina-embeddings-v3's own for the two retrieval tasks, none for its
    // symmetric tasks, and the longest one when the task is left to the generator or unknown here (v4's prefixes are shorter).
    private static int CountInstructionTokens(string? task, TokenCounter counter)
    {
        JinaModelInfo v3 = JinaModels.V3;
        if (task is not null && v3.Instructions.TryGetValue(task, out string? instruction))
        {
            return counter.Count(instruction);
        }

        if (task is not null && v3.Tasks!.Contains(task, StringComparer.OrdinalIgnoreCase))
        {
            return 0;
        }

        return v3.Instructions.Values.Max(i => counter.Count(i));
    }

    private static void ValidatePositive(int? value, string name)
    {
        if (value is int v)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(v, 1, name);
        }
    }

    private sealed record WindowedDocument(string[] Texts, int[] Tokens, Embedding<float>[] Embeddings, SemaphoreSlim Gate, CancellationTokenSource Failed);
}
