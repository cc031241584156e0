using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Jina.Testing;

/// <summary><c>POST /v1/rerank</c>: the schema of each reranker, the limits of a request, and stand-in scores.</summary>
/// <remarks>
/// <para>
/// Validation follows the live service as shared/JINA_API.md describes it: each model's own schema (<c>max_doc_length</c> and
/// <c>return_embeddings</c> for jina-reranker-v3 only; a field the schema lacks is 422 <c>extra_forbidden</c>), image documents
/// for jina-reranker-m0 only, <c>truncation</c> (the reranker's spelling), <c>top_n</c> and <c>return_documents</c> (default
/// true). Requests count against the same per-key rate limits as embeddings.
/// </para>
/// <para>
/// The scores are a stand-in, not Jina's rerankers: the cosine similarity of the emulator's embedder's vector of the query (task
/// <c>retrieval.query</c>) and of each document (task <c>retrieval.passage</c>); an image is scored by the text of its URL or data.
/// They rank as well as that embedder ranks, no better. What the emulator does not know of the live service it chooses and says:
/// the document limit (2048), an over-long query and document without <c>truncation: true</c> answered as the embeddings
/// endpoint answers an over-long input, and an image charged 768 tokens.
/// </para>
/// </remarks>
public sealed partial class JinaApiEmulator
{
    private const int ImageTokens = 768;
    private const int DefaultMaxDocLength = 2048;
    private const int MaxDocLengthLimit = 8192;

    private async Task ServeRerankAsync(HttpContext context, Outcome outcome, string requestId)
    {
        ParseRerank(outcome);
        if (await ServeFaultOrRefusalAsync(context, outcome, requestId) is not { } processing)
        {
            return;
        }

        if (!_rerankers.TryGetValue(outcome.Model!, out JinaApiEmulatorRerankerModel? model))
        {
            await FailUnknownModel(context, outcome, _rerankers.Keys, requestId);
            return;
        }

        List<FieldError> errors = SchemaErrors(outcome, model.Id, model.Takes);
        if (!model.AcceptsImages)
        {
            for (int i = 0; i < outcome.ImageDocuments.Count; i++)
            {
                if (outcome.ImageDocuments[i])
                {
                    errors.Add(new FieldError(Path(model.Id, Invariant($"documents -> {i}")), "Input should be a valid string or a {\"text\": ...} object", "string_type", "{\"image\": ...}"));
                }
            }
        }

        if (outcome.Query is { Length: 0 })
        {
            errors.Add(new FieldError(Path(model.Id, "query"), "String should have at least 1 character", "string_too_short", string.Empty));
        }

        if (outcome.Inputs.Count > model.MaxDocuments)
        {
            errors.Add(new FieldError(Path(model.Id, "documents"), Invariant($"List should have at most {model.MaxDocuments} items after validation, not {outcome.Inputs.Count}"), "too_long", null));
        }

        if (outcome.TopN is < 1)
        {
            errors.Add(new FieldError(Path(model.Id, "top_n"), "Input should be greater than or equal to 1", "greater_than_equal", outcome.TopN));
        }

        if (outcome.MaxDocLength is { } length && model.Takes("max_doc_length") && length is < 1 or > MaxDocLengthLimit)
        {
            errors.Add(new FieldError(Path(model.Id, "max_doc_length"), Invariant($"Input should be between 1 and {MaxDocLengthLimit}"), "value_error", length));
        }

        if (errors.Count > 0)
        {
            await FailValidation(context, outcome, errors, requestId);
            return;
        }

        if (CountRerankTokens(model, outcome) is not { } tokens)
        {
            await FailRerankTokenLimit(context, outcome, model);
            return;
        }

        outcome.TokenCount = tokens;
        await AdmitAsync(context, outcome, processing, requestId, () => RankAsync(context, outcome, model));
    }

    // The tokens the request is charged, or null when it is past the model's context and truncation was not asked for.
    private int? CountRerankTokens(JinaApiEmulatorRerankerModel model, Outcome outcome)
    {
        const int special = JinaApiEmulatorTokenCounter.SpecialTokensPerSequence;
        bool truncate = outcome.Truncation == true;
        int query = CountTextTokens(outcome.Query!);
        int[] documents = new int[outcome.Inputs.Count];
        for (int i = 0; i < documents.Length; i++)
        {
            documents[i] = outcome.ImageDocuments[i] ? ImageTokens : CountTextTokens(outcome.Inputs[i]);
        }

        if (model.Listwise)
        {
            // One sequence: the query and every document, each document cut to max_doc_length.
            int cut = outcome.MaxDocLength ?? DefaultMaxDocLength;
            long total = query + special + documents.Sum(d => (long)Math.Min(d, cut));
            if (total > model.ContextLength)
            {
                return truncate ? model.ContextLength : null;
            }

            return (int)total;
        }

        // One sequence per document: the query with that document.
        long tokens = 0;
        foreach (int document in documents)
        {
            int pair = query + document + special;
            if (pair > model.ContextLength)
            {
                if (!truncate)
                {
                    return null;
                }

                pair = model.ContextLength;
            }

            tokens += pair;
        }

        return (int)Math.Min(int.MaxValue, tokens);
    }

    private Task FailRerankTokenLimit(HttpContext context, Outcome outcome, JinaApiEmulatorRerankerModel model)
    {
        outcome.StatusCode = 400;
        outcome.ErrorCode = "INPUT_TOKEN_LIMIT_EXCEEDED";
        string message = Invariant(
            $"Input text exceeds the model's maximum of {model.ContextLength} tokens. Use 'truncation: true' to automatically truncate, or split into smaller chunks.");
        return WriteJsonAsync(context, 400, writer =>
        {
            writer.WriteStartObject("detail");
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });
    }

    private async Task RankAsync(HttpContext context, Outcome outcome, JinaApiEmulatorRerankerModel model)
    {
        CancellationToken token = context.RequestAborted;
        GeneratedEmbeddings<Embedding<float>> query = await _embedder.GenerateAsync([outcome.Query!], StandInOptions("retrieval.query"), token);
        GeneratedEmbeddings<Embedding<float>> documents = await _embedder.GenerateAsync(outcome.Inputs, StandInOptions("retrieval.passage"), token);
        var scores = new double[documents.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.CosineSimilarity(query[0].Vector.Span, documents[i].Vector.Span);
        }

        // Highest first; equal scores keep the order they were sent in.
        int[] order = [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i)];
        int count = Math.Min(outcome.TopN ?? order.Length, order.Length);

        outcome.StatusCode = 200;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("model", model.Id);
        writer.WriteString("object", "list");
        writer.WriteStartObject("usage");
        writer.WriteNumber("total_tokens", outcome.TokenCount);
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        bool reverse = Faults.ReverseDataOrder;
        for (int n = 0; n < count; n++)
        {
            int i = order[reverse ? count - 1 - n : n];
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            writer.WriteNumber("relevance_score", scores[i]);
            if (outcome.ReturnDocuments != false)
            {
                writer.WriteStartObject("document");
                writer.WriteString(outcome.ImageDocuments[i] ? "image" : "text", outcome.Inputs[i]);
                writer.WriteEndObject();
            }

            if (outcome.ReturnEmbeddings == true)
            {
                writer.WritePropertyName("embedding");
                WriteVector(writer, Prefix(documents[i].Vector.Span, model.EmbeddingDimensions), "float");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(token);
    }

    private static EmbeddingGenerationOptions StandInOptions(string task) => new() { AdditionalProperties = new() { ["task"] = task } };

    // The first positions of a vector, normalised again: the emulator's embedder is Matryoshka-like, as Jina's models are.
    private static float[] Prefix(ReadOnlySpan<float> vector, int dimensions)
    {
        float[] prefix = vector[..Math.Min(Math.Max(dimensions, 1), vector.Length)].ToArray();
        float norm = TensorPrimitives.Norm(prefix);
        if (norm > 0)
        {
            TensorPrimitives.Divide(prefix, norm, prefix);
        }

        return prefix;
    }

    // Reads a rerank body for the record and for validation; field-level problems are kept (with bare field names) for later.
    private static void ParseRerank(Outcome outcome)
    {
        using JsonDocument? document = ParseBody(outcome);
        if (document is not null)
        {
            JsonElement root = document.RootElement;
            List<FieldError> errors = outcome.ParseErrors;
            if (ReadOptional(root, "query", JsonValueKind.String, errors) is { } query)
            {
                outcome.Query = query.GetString();
            }
            else if (!errors.Any(e => e.Field == "query"))
            {
                errors.Add(new FieldError("query", "Field required", "missing", null));
            }

            ReadDocuments(root, outcome, errors);
            if (ReadOptional(root, "top_n", JsonValueKind.Number, errors) is { } topN)
            {
                outcome.TopN = topN.TryGetInt32(out int n) ? n : 0;
            }

            if (ReadOptional(root, "max_doc_length", JsonValueKind.Number, errors) is { } length)
            {
                outcome.MaxDocLength = length.TryGetInt32(out int l) ? l : 0;
            }

            outcome.ReturnDocuments = ReadBool(root, "return_documents", errors);
            outcome.Truncation = ReadBool(root, "truncation", errors);
            outcome.ReturnEmbeddings = ReadBool(root, "return_embeddings", errors);
        }
    }

    private static void ReadDocuments(JsonElement root, Outcome outcome, List<FieldError> errors)
    {
        if (!root.TryGetProperty("documents", out JsonElement documents))
        {
            errors.Add(new FieldError("documents", "Field required", "missing", null));
            return;
        }

        if (documents.ValueKind != JsonValueKind.Array || documents.GetArrayLength() == 0)
        {
            errors.Add(new FieldError("documents", "List should have at least 1 item after validation", "too_short", documents.ToString()));
            return;
        }

        int index = 0;
        foreach (JsonElement item in documents.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                outcome.Inputs.Add(item.GetString()!);
                outcome.ImageDocuments.Add(false);
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String)
            {
                outcome.Inputs.Add(text.GetString()!);
                outcome.ImageDocuments.Add(false);
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("image", out JsonElement image) && image.ValueKind == JsonValueKind.String)
            {
                outcome.Inputs.Add(image.GetString()!);
                outcome.ImageDocuments.Add(true);
            }
            else
            {
                errors.Add(new FieldError(Invariant($"documents -> {index}"), "Input should be a valid string, a {\"text\": ...} or an {\"image\": ...} object", "string_type", item.ToString()));
                return;
            }

            index++;
        }
    }

    /// <summary>What a rerank request carried, beside what every request carries.</summary>
    private sealed partial class Outcome
    {
        public string Path { get; init; } = "/v1/embeddings";

        public string? Query { get; set; }

        public List<bool> ImageDocuments { get; } = [];

        public int? TopN { get; set; }

        public bool? ReturnDocuments { get; set; }

        public bool? Truncation { get; set; }

        public int? MaxDocLength { get; set; }

        public bool? ReturnEmbeddings { get; set; }
    }
}
