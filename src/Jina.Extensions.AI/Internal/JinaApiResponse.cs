using System.Net;
using System.Text;
using System.Text.Json;

namespace Jina.Extensions.AI;

/// <summary>Reads a successful response body, which lies in a pooled buffer only for the duration of the call.</summary>
internal delegate T JinaResponseReader<T>(ReadOnlySpan<byte> body, JinaApiResponse response);

/// <summary>A successful response of the Jina API as a <see cref="JinaResponseReader{T}"/> sees it, and the errors it may raise about it.</summary>
internal sealed class JinaApiResponse
{
    private readonly string _secret;

    public JinaApiResponse(HttpResponseMessage response, string secret, DateTimeOffset now)
    {
        _secret = secret;
        StatusCode = response.StatusCode;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        RequestId = JinaErrorParser.RequestIdOf(response.Headers);
        Date = response.Headers.Date ?? now;
    }

    public HttpStatusCode StatusCode { get; }

    public string? ContentType { get; }

    public string? RequestId { get; }

    /// <summary>Gets when the response was made: its <c>Date</c> header, or the time it was read.</summary>
    public DateTimeOffset Date { get; }

    /// <summary>Gets or sets the tokens the service charged (<c>usage.total_tokens</c>), which the reader reports so that the rate limiter can learn what a token estimate costs.</summary>
    public long? ChargedTokens { get; set; }

    /// <summary>Returns the error for a body that is not the response asked for, with an excerpt and without the key.</summary>
    public JinaApiException Malformed(ReadOnlySpan<byte> body, JsonException error, string expected)
    {
        string excerpt = JinaErrorParser.Redact(JinaErrorParser.Excerpt(Encoding.UTF8.GetString(body[..Math.Min(body.Length, 4096)])), _secret)!;
        return new JinaApiException(
            $"The Jina API answered {(int)StatusCode} with a body that is not {expected} ({ContentType ?? "no content type"}): " +
            $"{JinaErrorParser.Redact(error.Message, _secret)} It began: \"{excerpt}\". A proxy or gateway may be in the way.",
            StatusCode, null, excerpt, RequestId, error);
    }

    /// <summary>Returns the error for a well-formed response that does not answer the request.</summary>
    public JinaApiException Mismatch(string message) =>
        new(message + " The response does not match the request.", StatusCode, null, message, RequestId);
}
