using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Jina.Extensions.AI;

/// <summary>Turns an error response of the Jina API into a <see cref="JinaApiException"/>.</summary>
/// <remarks>
/// Accepts the three shapes seen from the service: <c>{"detail": "...", "code", "request_id", "errors": [...]}</c>,
/// the validation list <c>{"detail": [{"loc", "msg"}]}</c> and <c>{"error": {"message"}}</c>; anything else
/// (an HTML page from a proxy) is reported with a short excerpt.
/// </remarks>
internal static class JinaErrorParser
{
    private const int ExcerptLength = 200;

    // hint: what only the caller knows, appended after the advice (which inputs of a split call the request carried, for example).
    public static JinaApiException Create(
        HttpStatusCode statusCode, string? reasonPhrase, MediaTypeHeaderValue? contentType, HttpResponseHeaders headers, string body, string secret, string? hint = null)
    {
        string status = string.Create(CultureInfo.InvariantCulture, $"{(int)statusCode} ({reasonPhrase ?? statusCode.ToString()})");
        string? headerRequestId = RequestIdOf(headers);

        if (TryParse(body, out string? code, out string? detail, out string? requestId))
        {
            detail = Redact(detail, secret);
            code = Redact(code, secret);
            requestId ??= headerRequestId;
            var message = new StringBuilder("The Jina API answered ").Append(status);
            if (code is not null)
            {
                message.Append(' ').Append(code);
            }

            if (detail is not null)
            {
                message.Append(": ").Append(detail);
            }

            message.Append(Advice(statusCode)).Append(hint);
            if (requestId is not null)
            {
                message.Append(" (request id ").Append(requestId).Append(')');
            }

            return new JinaApiException(message.ToString(), statusCode, code, detail, requestId);
        }

        string excerpt = Redact(Excerpt(body), secret) ?? string.Empty;
        string kind = contentType?.MediaType ?? "no content type";
        string text = body.Length == 0
            ? $"The Jina API answered {status} with an empty body.{Advice(statusCode)}{hint}"
            : $"The Jina API answered {status} with a body that is not a Jina error ({kind}); a proxy or gateway may be in the way. It began: \"{excerpt}\"{Advice(statusCode)}{hint}";
        return new JinaApiException(text, statusCode, null, excerpt.Length == 0 ? null : excerpt, headerRequestId);
    }

    /// <summary>Returns the request id the service sent as a header, for support.</summary>
    public static string? RequestIdOf(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-request-id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null;

    /// <summary>Returns the first characters of a body with its whitespace collapsed.</summary>
    public static string Excerpt(string body)
    {
        var sb = new StringBuilder(ExcerptLength + 1);
        bool space = false;
        foreach (char c in body)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
            if (sb.Length >= ExcerptLength)
            {
                sb.Append('…');
                break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Removes the key from text the server sent back, in case a server or proxy echoes it.</summary>
    public static string? Redact(string? text, string secret) =>
        text is null || secret.Length == 0 ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    private static string Advice(HttpStatusCode statusCode) => (int)statusCode switch
    {
        401 => " Check the API key (JinaEmbeddingGeneratorOptions.ApiKey or the JINA_API_KEY environment variable).",
        403 => " The key's balance or limits do not allow this request; see your account at jina.ai.",
        429 => " The rate limit is exhausted; retries gave up (raise MaxRetries or lower MaxConcurrentRequests).",
        _ => string.Empty,
    };

    private static bool TryParse(string body, out string? code, out string? detail, out string? requestId)
    {
        code = detail = requestId = null;
        if (body.Length == 0 || body.AsSpan().TrimStart() is not ['{', ..])
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            code = GetString(root, "code");
            requestId = GetString(root, "request_id");
            var parts = new List<string>();

            if (root.TryGetProperty("detail", out JsonElement detailElement))
            {
                if (detailElement.ValueKind == JsonValueKind.String)
                {
                    parts.Add(detailElement.GetString()!);
                }
                else if (detailElement.ValueKind == JsonValueKind.Array)
                {
                    // The validation-list shape: [{"loc": ["body", "dimensions"], "msg": "...", "type": "..."}].
                    foreach (JsonElement item in detailElement.EnumerateArray())
                    {
                        parts.Add(DescribeFieldError(item, "loc", "msg"));
                    }
                }
            }

            if (root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in errors.EnumerateArray())
                {
                    parts.Add(DescribeFieldError(item, "field", "message"));
                }
            }

            if (root.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    if (GetString(error, "message") is { } message)
                    {
                        parts.Add(message);
                    }

                    code ??= GetString(error, "code") ?? GetString(error, "type");
                }
                else if (error.ValueKind == JsonValueKind.String)
                {
                    parts.Add(error.GetString()!);
                }
            }

            if (parts.Count == 0 && code is null)
            {
                return false;
            }

            detail = parts.Count == 0 ? null : string.Join("; ", parts);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string DescribeFieldError(JsonElement item, string fieldName, string messageName)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return item.ToString();
        }

        string? field = null;
        if (item.TryGetProperty(fieldName, out JsonElement fieldElement))
        {
            field = fieldElement.ValueKind == JsonValueKind.Array
                ? string.Join('.', fieldElement.EnumerateArray().Select(e => e.ToString()).Where(s => s != "body"))
                : fieldElement.ToString();
        }

        string message = GetString(item, messageName) ?? GetString(item, "type") ?? item.ToString();
        return string.IsNullOrEmpty(field) ? message : $"{field}: {message}";
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
