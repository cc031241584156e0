using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Jina.Extensions.AI;

/// <summary>Reads an error response of the Jina API, in every shape the live service is known to send, and words it as a <see cref="JinaApiException"/>.</summary>
/// <remarks>
/// Shapes read: <c>{"detail": "[RID: …] …", "code"}</c>; <c>{"detail": {"message": "…"}}</c> (the token limit: an object and
/// no code); <c>{"detail": "…", "errors": [{"field": "body -> model -> task", "message", "type", "input"}]}</c>; the list
/// <c>{"detail": [{"loc", "msg"}]}</c>; <c>{"error": {"message", "code"}}</c>; and the published <c>request_id</c> field.
/// The request id is taken from <c>[RID: …]</c> inside <c>detail</c>, where the service puts it. Anything else (an HTML
/// page from a proxy) is reported with a short excerpt.
/// </remarks>
internal static partial class JinaErrorParser
{
    public const string TokenLimitErrorCode = "INPUT_TOKEN_LIMIT_EXCEEDED";
    public const string RequestLimitCode = "RATE_REQUEST_LIMIT_EXCEEDED";
    public const string TokenRateLimitCode = "RATE_TOKEN_LIMIT_EXCEEDED";
    public const string ConcurrencyLimitCode = "RATE_CONCURRENCY_LIMIT_EXCEEDED";
    public const string InsufficientBalanceCode = "AUTHZ_INSUFFICIENT_BALANCE";

    private const int ExcerptLength = 200;

    /// <summary>Reads an error response; the key is removed from everything the server sent back.</summary>
    public static JinaApiError Parse(
        HttpStatusCode statusCode, string? reasonPhrase, MediaTypeHeaderValue? contentType, HttpResponseHeaders? headers, string body, string secret)
    {
        string? headerRequestId = headers is null ? null : RequestIdOf(headers);
        if (TryParse(body, out string? code, out string? detail, out string? requestId, out bool extraForbidden))
        {
            detail = Redact(detail, secret);
            if (detail is not null && TakeRequestId(ref detail) is { } rid)
            {
                requestId ??= rid;
            }

            return new JinaApiError(statusCode, reasonPhrase, Redact(code, secret), detail, requestId ?? headerRequestId, IsJinaBody: true, extraForbidden, null);
        }

        string excerpt = Redact(Excerpt(body), secret) ?? string.Empty;
        return new JinaApiError(statusCode, reasonPhrase, null, excerpt.Length == 0 ? null : excerpt, headerRequestId, IsJinaBody: false, false, contentType?.MediaType ?? "no content type");
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

    /// <summary>Returns a value indicating whether an error says a request was longer than the model's context, by code or by the service's wording.</summary>
    public static bool IsTokenLimit(string? code, string? text) =>
        string.Equals(code, TokenLimitErrorCode, StringComparison.Ordinal) ||
        (text is not null && (text.Contains(TokenLimitErrorCode, StringComparison.Ordinal) || TokenLimitWording().IsMatch(text)));

    /// <summary>Reads the limit out of the service's "Each input list can contain at most N items" rejection.</summary>
    public static bool TryGetInputLimit(string? text, out int limit)
    {
        limit = 0;
        Match match = text is null ? Match.Empty : InputLimitWording().Match(text);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit > 0;
    }

    /// <summary>Reads the limit out of a 429's "{current}/{limit} requests per minute", "… tokens per minute" or "… concurrent requests".</summary>
    public static long? TryGetRateLimit(string? detail, string unit)
    {
        if (detail is null)
        {
            return null;
        }

        foreach (Match match in RateWording().Matches(detail))
        {
            if (match.Groups[3].Value.StartsWith(unit, StringComparison.OrdinalIgnoreCase) &&
                long.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long limit) && limit > 0)
            {
                return limit;
            }
        }

        return null;
    }

    /// <summary>Returns a value indicating whether an error says the account cannot pay: 402, or 403 with the spec's code or the service's error name.</summary>
    public static bool IsInsufficientBalance(HttpStatusCode status, string? code, string? detail) =>
        (int)status == 402 ||
        string.Equals(code, InsufficientBalanceCode, StringComparison.Ordinal) ||
        (detail is not null && (int)status is 403 or 402 &&
         (detail.Contains("InsufficientBalance", StringComparison.OrdinalIgnoreCase) || detail.Contains("insufficient balance", StringComparison.OrdinalIgnoreCase)));

    // [RID: d7bd…] at the start of (or anywhere in) the detail: taken out as the request id.
    private static string? TakeRequestId(ref string detail)
    {
        Match match = RequestIdPattern().Match(detail);
        if (!match.Success)
        {
            return null;
        }

        detail = (detail[..match.Index] + detail[(match.Index + match.Length)..]).Trim();
        return match.Groups[1].Value.Trim();
    }

    private static bool TryParse(string body, out string? code, out string? detail, out string? requestId, out bool extraForbidden)
    {
        code = detail = requestId = null;
        extraForbidden = false;
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

            ReadDetail(root, parts, ref code, ref extraForbidden);
            ReadErrors(root, parts, ref extraForbidden);
            ReadError(root, parts, ref code);

            if (parts.Count == 0 && code is null)
            {
                return false;
            }

            detail = parts.Count == 0 ? null : string.Join("; ", parts);
            extraForbidden |= detail?.Contains("extra fields not permitted", StringComparison.OrdinalIgnoreCase) == true;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // FastAPI's "detail": a message, an object (the live token-limit body), or a list of validation errors.
    private static void ReadDetail(JsonElement root, List<string> parts, ref string? code, ref bool extraForbidden)
    {
        if (!root.TryGetProperty("detail", out JsonElement detail))
        {
            return;
        }

        switch (detail.ValueKind)
        {
            case JsonValueKind.String:
                parts.Add(detail.GetString()!);
                break;
            case JsonValueKind.Object:
                // The live token-limit body: {"detail": {"message": "Input text exceeds the model's maximum of 8194 tokens. ..."}}.
                parts.Add(GetString(detail, "message") ?? GetString(detail, "detail") ?? detail.ToString());
                code ??= GetString(detail, "code");
                break;
            case JsonValueKind.Array:
                // The validation-list shape: [{"loc": ["body", "dimensions"], "msg": "...", "type": "..."}].
                foreach (JsonElement item in detail.EnumerateArray())
                {
                    parts.Add(DescribeFieldError(item, "loc", "msg", ref extraForbidden));
                }

                break;
        }
    }

    // A list of field errors: [{"field": "...", "message": "..."}].
    private static void ReadErrors(JsonElement root, List<string> parts, ref bool extraForbidden)
    {
        if (root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in errors.EnumerateArray())
            {
                parts.Add(DescribeFieldError(item, "field", "message", ref extraForbidden));
            }
        }
    }

    // A gateway's "error": an object with a message and a code or type, or a plain message.
    private static void ReadError(JsonElement root, List<string> parts, ref string? code)
    {
        if (!root.TryGetProperty("error", out JsonElement error))
        {
            return;
        }

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

    private static string DescribeFieldError(JsonElement item, string fieldName, string messageName, ref bool extraForbidden)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return item.ToString();
        }

        extraForbidden |= GetString(item, "type") == "extra_forbidden";
        string? field = null;
        if (item.TryGetProperty(fieldName, out JsonElement fieldElement))
        {
            // ["body", "dimensions"] from a validation list; "body -> jina-embeddings-v4 -> normalized" from the live service.
            field = fieldElement.ValueKind == JsonValueKind.Array
                ? string.Join('.', fieldElement.EnumerateArray().Select(e => e.ToString()).Where(s => s != "body"))
                : StripBody(fieldElement.ToString());
        }

        string message = GetString(item, messageName) ?? GetString(item, "type") ?? item.ToString();
        return string.IsNullOrEmpty(field) ? message : $"{field}: {message}";
    }

    private static string StripBody(string path) =>
        path.StartsWith("body -> ", StringComparison.Ordinal) ? path["body -> ".Length..] : path;

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"\[RID:\s*([^\]]*)\]")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"exceeds the model's maximum of \d+ tokens|exceeds? the maximum (?:context|sequence) length|too many tokens", RegexOptions.IgnoreCase)]
    private static partial Regex TokenLimitWording();

    [GeneratedRegex(@"at most (\d+) items", RegexOptions.IgnoreCase)]
    private static partial Regex InputLimitWording();

    [GeneratedRegex(@"(\d+)\s*/\s*(\d+)\s+(requests per minute|tokens per minute|concurrent requests)", RegexOptions.IgnoreCase)]
    private static partial Regex RateWording();
}
