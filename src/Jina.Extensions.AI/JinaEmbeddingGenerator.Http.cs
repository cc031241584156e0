using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>The wire half of <see cref="JinaEmbeddingGenerator"/>: the body of one request and the checks on its response.</summary>
public sealed partial class JinaEmbeddingGenerator
{
    private async Task<BatchResult> SendBatchAsync(ArraySegment<JinaEmbeddingInput> inputs, int callCount, CallSettings settings, CancellationToken cancellationToken)
    {
        var request = new JinaEmbeddingRequest
        {
            Model = settings.ModelId,
            Input = inputs,
            Task = settings.Task,
            Dimensions = settings.Dimensions,
            LateChunking = settings.LateChunking ? true : null,
            EmbeddingType = settings.EmbeddingType,
            Normalized = settings.Normalized,
            Truncate = settings.Truncate,
        };

        // Serialised once: every retry sends the same bytes.
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(request, JinaJsonContext.Default.JinaEmbeddingRequest);
        try
        {
            return await _client.PostAsync(
                "embeddings",
                body,
                EstimateTokens(inputs, settings.LateChunking),
                (payload, response) => ReadResponse(payload, response, inputs.Count, settings),
                error => ErrorHint(error, inputs, callCount, settings),
                cancellationToken).ConfigureAwait(false);
        }
        catch (JinaApiException ex) when (IsInputLimit(ex, out int limit) && limit < inputs.Count)
        {
            // The service carries fewer inputs per request than the table said: remember its figure and send this batch in parts.
            // A late-chunked request cannot be split without changing every vector's context, so its caller (LateChunker) splits it.
            LearnInputLimit(settings.ModelId, limit);
            if (settings.LateChunking)
            {
                throw;
            }

            var parts = new List<Task<BatchResult>>();
            for (int start = 0; start < inputs.Count; start += limit)
            {
                parts.Add(SendBatchAsync(inputs.Slice(start, Math.Min(limit, inputs.Count - start)), callCount, settings, cancellationToken));
            }

            BatchResult[] results = await Task.WhenAll(parts).ConfigureAwait(false);
            JinaUsage? usage = results.Any(r => r.Usage is null) ? null : new JinaUsage
            {
                TotalTokens = results.Sum(r => r.Usage!.TotalTokens ?? r.Usage.PromptTokens ?? 0),
                PromptTokens = results.Sum(r => r.Usage!.PromptTokens ?? r.Usage.TotalTokens ?? 0),
            };
            return new BatchResult([.. results.SelectMany(r => r.Embeddings)], usage);
        }
    }

    private static bool IsInputLimit(JinaApiException exception, out int limit)
    {
        limit = 0;
        return (int)exception.StatusCode is 400 or 413 or 422 && JinaErrorParser.TryGetInputLimit(exception.Detail, out limit);
    }

    // The service counts tokens with the model's tokenizer; the estimate does not undercount, and the rate limiter scales it by
    // what the service actually charges (usage.total_tokens), so only its shape matters here.
    // An image or a PDF is charged by the service in a way its API description does not publish; a fixed guess keeps its
    // requests paced, and the limiter corrects every estimate by what the service reports it charged.
    private static long EstimateTokens(ArraySegment<JinaEmbeddingInput> inputs, bool lateChunking)
    {
        TokenCounter counter = TokenCounter.Estimate;
        long tokens = lateChunking ? counter.SpecialTokens : 0;
        foreach (JinaEmbeddingInput input in inputs)
        {
            tokens += input.IsMedia ? MediaTokenEstimate : counter.Count(input.Text!) + (lateChunking ? 0 : counter.SpecialTokens);
        }

        return tokens;
    }

    private static string? ErrorHint(JinaApiError error, ArraySegment<JinaEmbeddingInput> inputs, int callCount, CallSettings settings)
    {
        string? hint = null;
        if (settings.LateChunking && error.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity && (error.IsTokenLimit || JinaErrorParser.TryGetInputLimit(error.Detail, out _)))
        {
            // The service counts a late-chunked request as one sequence; the only remedy is smaller windows.
            hint = " A late-chunked call is encoded as one sequence that must fit the model's context and its inputs-per-request limit: " +
                "split the document into windows with LateChunker, which keeps each chunk's preceding context.";
        }

        if (inputs.Count < callCount)
        {
            // The API numbers the inputs of its request; say where that request sits in the caller's list.
            hint += Invariant($" This request carried inputs {inputs.Offset} to {inputs.Offset + inputs.Count - 1} of the call's {callCount}; the API numbers inputs from the request's first.");
        }

        return hint;
    }

    private BatchResult ReadResponse(ReadOnlySpan<byte> payload, JinaApiResponse response, int expected, CallSettings settings)
    {
        if (!settings.Binary)
        {
            return ReadResponse(payload, response, expected, settings, JinaJsonContext.Default.JinaEmbeddingResponse, settings.Dimensions, static (item, _, _) =>
                new Embedding<float>(item.Embedding!));
        }

        // Bits come packed eight to a byte: the vector's length is the size asked for (or the model's own) when the bytes match it,
        // so a 100-dimension vector is 100 bits and not the 104 its 13 bytes could hold.
        int? known = settings.Dimensions ?? KnownDimensions(settings.ModelId);
        bool signed = settings.EmbeddingType == "binary";
        return ReadResponse(payload, response, expected, settings, JinaJsonContext.Default.JinaBinaryEmbeddingResponse, settings.Dimensions is { } asked ? (asked + 7) / 8 : null, (item, index, r) =>
        {
            JinaPackedBits packed = item.Embedding!;
            int bits = packed.Bytes.Length * 8;
            int length = known is { } k && k <= bits && k > bits - 8 ? k : bits;
            return new BinaryEmbedding(packed.ToBitArray(signed, length) ?? throw r.Mismatch(Invariant(
                $"The Jina API returned integers from {packed.Min} to {packed.Max} for the {settings.EmbeddingType} vector at index {index}; {(signed ? "binary takes -128 to 127" : "ubinary takes 0 to 255")}.")));
        });
    }

    private static BatchResult ReadResponse<TData>(
        ReadOnlySpan<byte> payload,
        JinaApiResponse response,
        int expected,
        CallSettings settings,
        JsonTypeInfo<JinaEmbeddingResponse<TData>> typeInfo,
        int? expectedLength,
        Func<TData, int, JinaApiResponse, Embedding> create)
        where TData : class, IJinaEmbeddingItem
    {
        JinaEmbeddingResponse<TData>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, typeInfo);
        }
        catch (JsonException ex)
        {
            throw response.Malformed(payload, ex, "an embeddings response");
        }

        response.ChargedTokens = parsed?.Usage?.TotalTokens ?? parsed?.Usage?.PromptTokens;
        if (parsed?.Data is not { } data)
        {
            throw response.Mismatch("The Jina API answered without a 'data' list of embeddings.");
        }

        if (data.Count != expected)
        {
            throw response.Mismatch(Invariant($"The Jina API returned {data.Count} embeddings for {expected} inputs."));
        }

        var embeddings = new Embedding[expected];
        DateTimeOffset createdAt = response.Date;
        string? modelId = parsed.Model ?? settings.ModelId;
        int? length = null;
        string unit = settings.Binary ? "bytes of packed bits" : "dimensions";
        foreach (TData? item in data)
        {
            if (item is null)
            {
                throw response.Mismatch("The Jina API returned null in place of an embedding in 'data'.");
            }

            if (item.Index is not { } index || index < 0 || index >= expected)
            {
                throw response.Mismatch(Invariant($"The Jina API returned an embedding with index {item.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; a request of {expected} inputs has indexes 0 to {expected - 1}."));
            }

            if (embeddings[index] is not null)
            {
                throw response.Mismatch(Invariant($"The Jina API returned index {index} twice."));
            }

            if (item.Length == 0)
            {
                throw response.Mismatch(Invariant($"The Jina API returned no vector for index {index}."));
            }

            if (expectedLength is { } asked && item.Length != asked)
            {
                throw response.Mismatch(Invariant($"The Jina API returned {item.Length} {unit} for index {index}, but {asked} were asked for."));
            }

            length ??= item.Length;
            if (item.Length != length)
            {
                throw response.Mismatch(Invariant($"The Jina API returned vectors of different lengths ({length} and {item.Length} {unit} at index {index})."));
            }

            Embedding embedding = create(item, index, response);
            embedding.ModelId = modelId;
            embedding.CreatedAt = createdAt;
            embeddings[index] = embedding;
        }

        return new BatchResult(embeddings, parsed.Usage);
    }
}
