using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>The wire half of <see cref="JinaEmbeddingGenerator"/>: one request, its retries, and the checks on its response.</summary>
public sealed partial class JinaEmbeddingGenerator
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

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

        for (int attempt = 0; ; attempt++)
        {
            TimeSpan? retryAfter;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (_options.RequestTimeout != Timeout.InfiniteTimeSpan)
                {
                    attemptCts.CancelAfter(_options.RequestTimeout);
                }

                try
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, _embeddingsUri) { Content = new ByteArrayContent(body) };
                    message.Content.Headers.ContentType = s_jsonContentType;
                    message.Headers.Accept.Add(s_acceptJson);
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);

                    using HttpResponseMessage response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        (byte[] payload, int length) = await ReadPooledAsync(response, attemptCts.Token).ConfigureAwait(false);
                        try
                        {
                            return ReadResponse(payload.AsSpan(0, length), response, inputs.Count, settings);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(payload);
                        }
                    }

                    string errorBody = await ReadErrorBodyAsync(response, attemptCts.Token).ConfigureAwait(false);
                    JinaApiException error = JinaErrorParser.Create(
                        response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType, response.Headers, errorBody, _apiKey,
                        ErrorHint(response.StatusCode, inputs, callCount, settings));
                    if (!IsTransient(response.StatusCode) || attempt >= _options.MaxRetries)
                    {
                        throw error;
                    }
                    retryAfter = GetRetryAfter(response.Headers.RetryAfter);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Not the caller's token: the attempt's RequestTimeout fired, or the HttpClient's own Timeout did; name the one that did.
                    string limit = attemptCts.IsCancellationRequested
                        ? Invariant($"RequestTimeout ({_options.RequestTimeout})")
                        : Invariant($"the HttpClient's Timeout ({_httpClient.Timeout}), which is shorter than RequestTimeout");
                    var timeout = new TimeoutException(
                        Invariant($"The Jina API did not answer within {limit} ({attempt + 1} attempts). Raise it or MaxRetries, or check the network."),
                        ex);
                    if (attempt >= _options.MaxRetries)
                    {
                        throw timeout;
                    }
                    retryAfter = null;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    // A refused or dropped connection, or a body cut off mid-way, is retried; a failed TLS handshake or proxy
                    // authentication is not, because waiting does not change a certificate or a credential.
                    HttpRequestError kind = (ex as HttpRequestException)?.HttpRequestError ?? HttpRequestError.Unknown;
                    bool permanent = kind is HttpRequestError.SecureConnectionError or HttpRequestError.UserAuthenticationError
                        or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError;
                    if (permanent || attempt >= _options.MaxRetries)
                    {
                        throw new HttpRequestException(
                            kind, Invariant($"The connection to the Jina API failed ({attempt + 1} attempts): {ex.Message}"), ex);
                    }
                    retryAfter = null;
                }
            }

            TimeSpan delay = retryAfter ?? Backoff(attempt);
            await DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ErrorHint(HttpStatusCode status, ArraySegment<string> inputs, int callCount, CallSettings settings)
    {
        string? hint = null;
        if (settings.LateChunking && status == HttpStatusCode.BadRequest)
        {
            // The service counts a late-chunked request as one sequence; the only remedy is smaller windows.
            hint = " A late-chunked call is encoded as one sequence that must fit the model's context: split the document into " +
                "windows with LateChunker, which keeps each chunk's preceding context.";
        }

        if (inputs.Count < callCount)
        {
            // The API numbers the inputs of its request; say where that request sits in the caller's list.
            hint += Invariant($" This request carried inputs {inputs.Offset} to {inputs.Offset + inputs.Count - 1} of the call's {callCount}; the API numbers inputs from the request's first.");
        }

        return hint;
    }

    private TimeSpan Backoff(int attempt)
    {
        // Exponential with "equal jitter": half fixed, half random, so concurrent clients spread out but never retry at once.
        double baseMs = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        double ms = Math.Min(baseMs, s_maxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ms / 2) + (Random.Shared.NextDouble() * ms / 2));
    }

    private static TimeSpan? GetRetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Error bodies are small; an HTML page from a proxy is cut to what an excerpt needs.
        const int limit = 64 * 1024;
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[limit];
        int total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Reads a success body into a pooled buffer: a 2048 x 1024 response is about 11 MB, read once per request.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The declared length only sizes the first buffer, and only up to what a full response needs: a server or proxy that
        // announces gigabytes must not make the client allocate them before a byte arrives.
        const int maxInitial = 16 * 1024 * 1024;
        long? declared = response.Content.Headers.ContentLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)Math.Min(declared.Value, maxInitial) : 64 * 1024);
        int length = 0;
        try
        {
            using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private BatchResult ReadResponse(ReadOnlySpan<byte> payload, HttpResponseMessage response, int expected, CallSettings settings)
    {
        JinaEmbeddingResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, JinaJsonContext.Default.JinaEmbeddingResponse);
        }
        catch (JsonException ex)
        {
            string excerpt = JinaErrorParser.Redact(JinaErrorParser.Excerpt(Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 4096)])), _apiKey)!;
            string kind = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            throw new JinaApiException(
                $"The Jina API answered {(int)response.StatusCode} with a body that is not an embeddings response ({kind}): " +
                $"{JinaErrorParser.Redact(ex.Message, _apiKey)} It began: \"{excerpt}\". A proxy or gateway may be in the way.",
                response.StatusCode, null, excerpt, JinaErrorParser.RequestIdOf(response.Headers), ex);
        }

        if (parsed?.Data is not { } data)
        {
            throw Mismatch(response, "The Jina API answered without a 'data' list of embeddings.");
        }

        if (data.Count != expected)
        {
            throw Mismatch(response, Invariant($"The Jina API returned {data.Count} embeddings for {expected} inputs."));
        }

        var embeddings = new Embedding<float>[expected];
        DateTimeOffset createdAt = response.Headers.Date ?? DateTimeOffset.UtcNow;
        string? modelId = parsed.Model ?? settings.ModelId;
        int? dimensions = null;
        foreach (JinaEmbeddingData? item in data)
        {
            if (item is null)
            {
                throw Mismatch(response, "The Jina API returned null in place of an embedding in 'data'.");
            }

            if (item.Index is not { } index || index < 0 || index >= expected)
            {
                throw Mismatch(response, Invariant($"The Jina API returned an embedding with index {item.Index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; a request of {expected} inputs has indexes 0 to {expected - 1}."));
            }

            if (embeddings[index] is not null)
            {
                throw Mismatch(response, Invariant($"The Jina API returned index {index} twice."));
            }

            if (item.Embedding is not { Length: > 0 } vector)
            {
                throw Mismatch(response, Invariant($"The Jina API returned no vector for index {index}."));
            }

            if (settings.Dimensions is { } asked && vector.Length != asked)
            {
                throw Mismatch(response, Invariant($"The Jina API returned {vector.Length} dimensions for index {index}, but {asked} were asked for."));
            }

            dimensions ??= vector.Length;
            if (vector.Length != dimensions)
            {
                throw Mismatch(response, Invariant($"The Jina API returned vectors of different lengths ({dimensions} and {vector.Length} at index {index})."));
            }

            embeddings[index] = new Embedding<float>(vector) { ModelId = modelId, CreatedAt = createdAt };
        }

        return new BatchResult(embeddings, parsed.Usage);
    }

    private static JinaApiException Mismatch(HttpResponseMessage response, string message) =>
        new(message + " The response does not match the request.", response.StatusCode, null, message, JinaErrorParser.RequestIdOf(response.Headers));
}
