using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>The wire half of <see cref="JinaEmbeddingGenerator"/>: the body of one request and the checks on its response.</summary>
public sealed partial class JinaEmbeddingGenerator
{
    private async Task<BatchResult> SendBatchAsync(ArraySegment<string> inputs, int callCount, CallSettings settings, CancellationToken cancellationToken)
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
    private static long EstimateTokens(ArraySegment<string> inputs, bool lateChunking)
    {
        TokenCounter counter = TokenCounter.Estimate;
        long tokens = lateChunking ? counter.SpecialTokens : 0;
        foreach (string input in inputs)
        {
            tokens += counter.Count(input) + (lateChunking ? 0 : counter.SpecialTokens);
        }

        return tokens;
    }

    private static string? ErrorHint(JinaApiError error, ArraySegment<string> inputs, int callCount, CallSettings settings)
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

    private static BatchResult ReadResponse(ReadOnlySpan<byte> payload, JinaApiResponse response, int expected, CallSettings settings)
    {
        JinaEmbeddingResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, JinaJsonContext.Default.JinaEmbeddingResponse);
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

        var embeddings = new Embedding<float>[expected];
        DateTimeOffset createdAt = response.Date;
        string? modelId = parsed.Model ?? settings.ModelId;
        int? dimensions = null;
        foreach (JinaEmbeddingData? item in data)
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

            if (item.Embedding is not { Length: > 0 } vector)
            {
                throw response.Mismatch(Invariant($"The Jina API returned no vector for index {index}."));
            }

            if (settings.Dimensions is { } asked && vector.Length != asked)
            {
                throw response.Mismatch(Invariant($"The Jina API returned {vector.Length} dimensions for index {index}, but {asked} were asked for."));
            }

            dimensions ??= vector.Length;
            if (vector.Length != dimensions)
            {
                throw response.Mismatch(Invariant($"The Jina API returned vectors of different lengths ({dimensions} and {vector.Length} at index {index})."));
            }

            embeddings[index] = new Embedding<float>(vector) { ModelId = modelId, CreatedAt = createdAt };
        }

        return new BatchResult(embeddings, parsed.Usage);
    }
}
