using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents a reranker backed by the Jina API (<c>POST /v1/rerank</c>): it scores documents against a query, most relevant first.</summary>
/// <remarks>
/// <para>
/// Neither Microsoft.Extensions.AI nor Semantic Kernel has a reranking abstraction, so this is one type with one operation.
/// It speaks each model's request schema (the service refuses a field the model lacks): <c>max_doc_length</c> and
/// <c>return_embeddings</c> go to jina-reranker-v3 only, image documents to jina-reranker-m0 only, and a setting a known model
/// cannot take fails before any request. The service is never asked to echo the documents back: each result names its
/// document by <see cref="JinaRerankedDocument.Index"/> and carries the text that was passed.
/// </para>
/// <para>
/// Requests go through the same API client as <see cref="JinaEmbeddingGenerator"/>: the rate limiter of the key and endpoint
/// (shared with every generator of that key), the same retries, and the same errors (<see cref="JinaApiException"/>).
/// </para>
/// </remarks>
[Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
public sealed class JinaReranker : IDisposable
{
    private readonly JinaRerankerOptions _options;
    private readonly JinaApiClient _client;

    /// <summary>Initializes a new instance of the <see cref="JinaReranker"/> class for an API key and a model.</summary>
    /// <param name="apiKey">The Jina API key.</param>
    /// <param name="modelId">The model, <c>jina-reranker-v3</c> unless given.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> or <paramref name="modelId"/> is null, empty or whitespace.</exception>
    public JinaReranker(string apiKey, string modelId = JinaRerankerOptions.DefaultModelId)
        : this(CreateOptions(apiKey, modelId))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaReranker"/> class with settings and an optional <see cref="HttpClient"/>.</summary>
    /// <param name="options">The settings; they are copied.</param>
    /// <param name="httpClient">The client to send requests with (not disposed by the reranker), or <see langword="null"/> to create one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The settings are invalid: no API key, a plain-http endpoint that is not loopback, a setting the model cannot take, or values out of range.</exception>
    public JinaReranker(JinaRerankerOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();

        JinaApiClientSettings settings = JinaConnection.CreateSettings(_options, nameof(JinaRerankerOptions), nameof(options));
        _options.ApiKey = null; // the copy keeps no key: only the API client does, and it is never printed.

        ValidateModelId(_options.ModelId);

        // The defaults are checked now so that a misconfiguration surfaces at start-up rather than on the first call.
        ValidateSettings(_options.ModelId, _options.TopN, _options.MaxDocumentLength, returnEmbeddings: false, nameof(options));

        _client = new JinaApiClient(settings, httpClient);
        Endpoint = settings.Endpoint;
    }

    /// <summary>Gets the model a call uses when its options name none.</summary>
    public string ModelId => _options.ModelId;

    /// <summary>Gets the API base address.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the API client, for tests that look at the shared rate limiter.</summary>
    internal JinaApiClient Client => _client;

    /// <summary>Scores text documents against a query and returns them most relevant first.</summary>
    /// <param name="query">The query.</param>
    /// <param name="documents">The documents, each non-empty text.</param>
    /// <param name="options">The call's settings, or <see langword="null"/> for the reranker's defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The documents, most relevant first (the best <see cref="JinaRerankOptions.TopN"/> when set).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="documents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The query or a document is empty, there are no documents or more than a request takes, or a setting the model cannot take.</exception>
    /// <exception cref="JinaApiException">The service refused the request or answered with something that does not match it.</exception>
    public Task<JinaRerankResult> RerankAsync(
        string query, IEnumerable<string> documents, JinaRerankOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var items = new List<JinaRerankDocument>();
        foreach (string text in documents)
        {
            items.Add(new JinaRerankDocument(CheckText(text, items.Count), null));
        }

        return RerankCoreAsync(query, items, options, cancellationToken);
    }

    /// <summary>Scores documents of text (<see cref="TextContent"/>) or images (<see cref="UriContent"/> or <see cref="DataContent"/> of an image type; jina-reranker-m0 only) against a query and returns them most relevant first.</summary>
    /// <param name="query">The query.</param>
    /// <param name="documents">The documents.</param>
    /// <param name="options">The call's settings, or <see langword="null"/> for the reranker's defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The documents, most relevant first (the best <see cref="JinaRerankOptions.TopN"/> when set).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="documents"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The query or a document is empty or of a kind the model does not rank, there are no documents or more than a request takes, or a setting the model cannot take.</exception>
    /// <exception cref="JinaApiException">The service refused the request or answered with something that does not match it.</exception>
    public Task<JinaRerankResult> RerankAsync(
        string query, IEnumerable<AIContent> documents, JinaRerankOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var items = new List<JinaRerankDocument>();
        foreach (AIContent content in documents)
        {
            int i = items.Count;
            items.Add(content switch
            {
                null => throw new ArgumentException(Invariant($"Document {i} is null; every document must be text or an image."), nameof(documents)),
                TextContent text => new JinaRerankDocument(CheckText(text.Text, i), null),
                UriContent uri when uri.HasTopLevelMediaType("image") => new JinaRerankDocument(null, uri.Uri.AbsoluteUri),
                DataContent data when data.HasTopLevelMediaType("image") && !data.Data.IsEmpty => new JinaRerankDocument(null, data.Base64Data.ToString()),
                _ => throw new ArgumentException(
                    Invariant($"Document {i} is {Describe(content)}; the Jina reranker ranks text (TextContent) and, with jina-reranker-m0, images (UriContent or DataContent of an image/* type)."),
                    nameof(documents)),
            });
        }

        return RerankCoreAsync(query, items, options, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(JinaReranker)} {{ Endpoint = {Endpoint}, ModelId = {_options.ModelId} }}";

    private async Task<JinaRerankResult> RerankCoreAsync(string query, List<JinaRerankDocument> documents, JinaRerankOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("The query is empty or whitespace; the reranker scores documents against a query, so give it the question or search text.", nameof(query));
        }

        if (documents.Count == 0)
        {
            throw new ArgumentException("There are no documents to rerank; pass at least one (a search that found nothing needs no reranking).", "documents");
        }

        string modelId = options?.ModelId is { Length: > 0 } m ? m : _options.ModelId;
        int? topN = options?.TopN ?? _options.TopN;
        bool? truncation = options?.Truncation ?? _options.Truncation;
        int? maxDocLength = options?.MaxDocumentLength ?? _options.MaxDocumentLength;
        bool returnEmbeddings = options?.ReturnEmbeddings ?? false;
        JinaRerankerModelInfo? model = ValidateSettings(modelId, topN, maxDocLength, returnEmbeddings, nameof(options));
        if (model is not null)
        {
            CheckDocuments(model, documents);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var request = new JinaRerankRequest
        {
            Model = model?.Id ?? modelId,
            Query = query,
            Documents = documents,
            TopN = topN,
            ReturnDocuments = false,
            Truncation = truncation,
            MaxDocLength = maxDocLength,
            ReturnEmbeddings = returnEmbeddings ? true : null,
        };

        // Serialised once: every retry sends the same bytes.
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, JinaRerankerJsonContext.Default.JinaRerankRequest);
        int expected = Math.Min(topN ?? documents.Count, documents.Count);
        try
        {
            return await _client.PostAsync(
                "rerank",
                body,
                EstimateTokens(query, documents, maxDocLength),
                (payload, response) => ReadResponse(payload, response, documents, expected, request.Model),
                hint: null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (JinaApiException ex) when ((int)ex.StatusCode is 400 or 413 or 422 && JinaErrorParser.IsTokenLimit(ex.ErrorCode, ex.Detail))
        {
            // The shared wording advises the embeddings endpoint's 'truncate'; the reranker's field is 'truncation'.
            string context = model is null ? string.Empty : Invariant($" ({model.ContextLength} tokens{(model.Listwise ? " for the query and all documents" : " for the query with one document")})");
            string requestId = ex.RequestId is null ? string.Empty : $" (request id {ex.RequestId})";
            throw new JinaApiException(
                Invariant($"The Jina API answered {(int)ex.StatusCode}: {ex.Detail} The query and documents must fit {request.Model}'s context{context}: ") +
                "set Truncation = true (JinaRerankOptions or JinaRerankerOptions) to let the service cut them, or rerank shorter passages." + requestId,
                ex.StatusCode, ex.ErrorCode, ex.Detail, ex.RequestId, ex);
        }
    }

    /// <summary>Runs every check the constructor runs, one setting at a time, and names each setting that fails.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The failing settings (by option name) and what is wrong with each; empty when a reranker can be built from them.</returns>
    internal static IReadOnlyList<(string Setting, string Message)> FindInvalidSettings(JinaRerankerOptions options)
    {
        List<(string Setting, Action Check)> checks = [.. JinaConnection.Checks(options, nameof(JinaRerankerOptions))];
        checks.Add((nameof(JinaRerankerOptions.ModelId), () => ValidateModelId(options.ModelId)));
        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            checks.Add((nameof(JinaRerankerOptions.TopN), () => ValidateSettings(options.ModelId, options.TopN, null, returnEmbeddings: false, "options")));
            checks.Add((nameof(JinaRerankerOptions.MaxDocumentLength), () => ValidateSettings(options.ModelId, null, options.MaxDocumentLength, returnEmbeddings: false, "options")));
        }

        return JinaConnection.FindInvalidSettings(checks);
    }

    private static void ValidateModelId(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException($"{nameof(JinaRerankerOptions.ModelId)} must be set, for example to {JinaRerankerOptions.DefaultModelId}.", "options");
        }
    }

    // Checks a call's settings against the model's row and returns the row (null for a model this library does not know,
    // which is sent what the caller asked for).
    private static JinaRerankerModelInfo? ValidateSettings(string modelId, int? topN, int? maxDocLength, bool returnEmbeddings, string paramName)
    {
        if (topN is { } n && n < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, n, "TopN must be at least 1 (or null to return every document).");
        }

        if (maxDocLength is { } length && (length < 1 || length > JinaRerankerModels.MaxDocLengthLimit))
        {
            throw new ArgumentOutOfRangeException(
                paramName, length, Invariant($"MaxDocumentLength (max_doc_length) must be between 1 and {JinaRerankerModels.MaxDocLengthLimit} tokens."));
        }

        JinaRerankerModelInfo? model = JinaRerankerModels.Find(modelId);
        if (model is null)
        {
            return null;
        }

        if (maxDocLength is not null && !model.Takes(JinaRerankerFields.MaxDocLength))
        {
            throw Refused(model, Invariant($"MaxDocumentLength ({maxDocLength})"), "max_doc_length", paramName);
        }

        if (returnEmbeddings && !model.Takes(JinaRerankerFields.ReturnEmbeddings))
        {
            throw Refused(model, "ReturnEmbeddings", "return_embeddings", paramName);
        }

        return model;
    }

    private static ArgumentException Refused(JinaRerankerModelInfo model, string what, string field, string paramName) =>
        new(
            $"{model.Id} takes no {what}: its request schema has no '{field}', and the service refuses a field the model lacks. " +
            $"Remove the setting, or use {JinaRerankerModels.DefaultModelId}, which has it.",
            paramName);

    private static void CheckDocuments(JinaRerankerModelInfo model, List<JinaRerankDocument> documents)
    {
        if (documents.Count > JinaRerankerModels.MaxDocuments)
        {
            throw new ArgumentException(
                Invariant($"{documents.Count} documents are more than the {JinaRerankerModels.MaxDocuments} one rerank request takes. ") +
                "Rerank fewer candidates (fetch fewer from the store: a reranker sorts a short list, it does not search), or rerank in stages.",
                nameof(documents));
        }

        if ((model.Modalities & JinaModalities.Image) == 0 && documents.FindIndex(d => d.Image is not null) is var image and >= 0)
        {
            throw new ArgumentException(
                Invariant($"{model.Id} ranks text only, and document {image} is an image. Use jina-reranker-m0, which ranks images and text, or pass text."),
                nameof(documents));
        }
    }

    // Pairwise models see the query once per document, so the estimate counts it for each; it is scaled by what the service charges.
    private static long EstimateTokens(string query, List<JinaRerankDocument> documents, int? maxDocLength)
    {
        TokenCounter counter = TokenCounter.Estimate;
        long queryTokens = counter.Count(query) + counter.SpecialTokens;
        long tokens = 0;
        foreach (JinaRerankDocument document in documents)
        {
            long documentTokens = document.Text is { } text ? counter.Count(text) : 0;
            tokens += queryTokens + Math.Min(documentTokens, maxDocLength ?? long.MaxValue);
        }

        return tokens;
    }

    private static JinaRerankResult ReadResponse(ReadOnlySpan<byte> payload, JinaApiResponse response, List<JinaRerankDocument> documents, int expected, string modelId)
    {
        JinaRerankResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, JinaRerankerJsonContext.Default.JinaRerankResponse);
        }
        catch (JsonException ex)
        {
            throw response.Malformed(payload, ex, "a rerank response");
        }

        response.ChargedTokens = parsed?.Usage?.TotalTokens ?? parsed?.Usage?.PromptTokens;
        if (parsed?.Results is not { } results)
        {
            throw response.Mismatch("The Jina API answered without a 'results' list.");
        }

        if (results.Count != expected)
        {
            throw response.Mismatch(Invariant($"The Jina API returned {results.Count} results where {expected} were expected ({documents.Count} documents)."));
        }

        string resultModel = parsed.Model ?? modelId;
        var seen = new bool[documents.Count];
        var ranked = new JinaRerankedDocument[results.Count];
        for (int i = 0; i < results.Count; i++)
        {
            JinaRerankResponseItem item = results[i] ?? throw response.Mismatch("The Jina API returned null in place of a result.");
            if (item.Index is not { } index || index < 0 || index >= documents.Count)
            {
                throw response.Mismatch(Invariant($"The Jina API returned a result with index {item.Index?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}; a request of {documents.Count} documents has indexes 0 to {documents.Count - 1}."));
            }

            if (seen[index])
            {
                throw response.Mismatch(Invariant($"The Jina API returned document {index} twice."));
            }

            seen[index] = true;
            if (item.RelevanceScore is not { } score || !double.IsFinite(score))
            {
                throw response.Mismatch(Invariant($"The Jina API returned no relevance_score for document {index}."));
            }

            Embedding<float>? embedding = item.Embedding is { Length: > 0 } vector
                ? new Embedding<float>(vector) { ModelId = resultModel, CreatedAt = response.Date }
                : null;
            ranked[i] = new JinaRerankedDocument(index, score, documents[index].Text, embedding);
        }

        // The service sorts by score; sorting again (stable, by score then position) keeps the contract whatever a proxy does.
        Array.Sort(ranked, static (a, b) => b.RelevanceScore.CompareTo(a.RelevanceScore) is var c and not 0 ? c : a.Index.CompareTo(b.Index));
        UsageDetails? usage = parsed.Usage is { } u && (u.TotalTokens ?? u.PromptTokens) is { } total
            ? new UsageDetails { InputTokenCount = u.PromptTokens ?? total, TotalTokenCount = total }
            : null;
        return new JinaRerankResult(ranked, resultModel, usage);
    }

    private static string CheckText(string? text, int index)
    {
        if (text is null)
        {
            throw new ArgumentException(Invariant($"Document {index} is null; every document must be non-empty text."), "documents");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException(Invariant($"Document {index} is empty or whitespace; remove it or give it text (the reranker cannot score nothing)."), "documents");
        }

        return text;
    }

    private static string Describe(AIContent content) => content switch
    {
        UriContent uri => $"a link of type {uri.MediaType}",
        DataContent data when data.Data.IsEmpty => $"empty data of type {data.MediaType}",
        DataContent data => $"data of type {data.MediaType}",
        _ => $"a {content.GetType().Name}",
    };

    private static JinaRerankerOptions CreateOptions(string apiKey, string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new JinaRerankerOptions { ApiKey = apiKey, ModelId = modelId };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
