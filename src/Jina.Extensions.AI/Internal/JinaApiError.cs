using System.Globalization;
using System.Net;
using System.Text;

namespace Jina.Extensions.AI;

/// <summary>An error response of the Jina API as <see cref="JinaErrorParser"/> read it, before it is worded as an exception.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ReasonPhrase">The HTTP reason phrase.</param>
/// <param name="Code">The service's error code, where the body has one.</param>
/// <param name="Detail">The service's explanation (the <c>[RID: …]</c> taken out), or an excerpt of a body that is not the service's.</param>
/// <param name="RequestId">The request id, from <c>[RID: …]</c>, a <c>request_id</c> field or an <c>x-request-id</c> header.</param>
/// <param name="IsJinaBody">Whether the body was one of the service's JSON error shapes.</param>
/// <param name="ExtraForbidden">Whether the service refused a field the model's schema lacks.</param>
/// <param name="ContentKind">The media type of a body that is not the service's.</param>
internal sealed record JinaApiError(
    HttpStatusCode StatusCode, string? ReasonPhrase, string? Code, string? Detail, string? RequestId, bool IsJinaBody, bool ExtraForbidden, string? ContentKind)
{
    /// <summary>Gets a value indicating whether the key's balance cannot pay for the request (402, or 403 with the balance code).</summary>
    public bool IsInsufficientBalance => JinaErrorParser.IsInsufficientBalance(StatusCode, Code, Detail);

    /// <summary>Gets a value indicating whether the request was longer than the model's context.</summary>
    public bool IsTokenLimit => (int)StatusCode is 400 or 413 or 422 && JinaErrorParser.IsTokenLimit(Code, Detail);

    /// <summary>Words the error for a person: the status, the code, the detail, what to do, and the request id for support.</summary>
    /// <param name="hint">What only the caller knows, appended after the advice (which inputs of a split call the request carried, for example).</param>
    /// <param name="advice">Advice that replaces the status's own, or <see langword="null"/>.</param>
    public JinaApiException ToException(string? hint = null, string? advice = null)
    {
        string status = string.Create(CultureInfo.InvariantCulture, $"{(int)StatusCode} ({ReasonPhrase ?? StatusCode.ToString()})");
        advice ??= Advice();
        if (!IsJinaBody)
        {
            string text = Detail is null
                ? $"The Jina API answered {status} with an empty body.{advice}{hint}"
                : $"The Jina API answered {status} with a body that is not a Jina error ({ContentKind}); a proxy or gateway may be in the way. It began: \"{Detail}\"{advice}{hint}";
            return new JinaApiException(text, StatusCode, null, Detail, RequestId);
        }

        var message = new StringBuilder("The Jina API answered ").Append(status);
        if (Code is not null)
        {
            message.Append(' ').Append(Code);
        }

        if (Detail is not null)
        {
            message.Append(": ").Append(Detail);
        }

        message.Append(advice).Append(hint);
        if (RequestId is not null)
        {
            message.Append(" (request id ").Append(RequestId).Append(')');
        }

        return new JinaApiException(message.ToString(), StatusCode, Code, Detail, RequestId);
    }

    private string Advice()
    {
        if (IsInsufficientBalance)
        {
            return " The key's balance is used up: top it up at https://jina.ai/api-dashboard (or use another key). Requests are not retried until then.";
        }

        if (ExtraForbidden)
        {
            return " The model's request schema has no such field, so the service refuses it: remove the setting (the README's model table lists the fields each model takes).";
        }

        if (IsTokenLimit)
        {
            return " Shorten the input, set truncate (WithTruncate()), or embed long documents with LateChunker.";
        }

        return (int)StatusCode switch
        {
            401 => " Check the API key (JinaEmbeddingGeneratorOptions.ApiKey or the JINA_API_KEY environment variable).",
            403 => " The key's balance or limits do not allow this request; see your account at https://jina.ai/api-dashboard.",
            429 => " The key's rate limit is exhausted.",
            _ => string.Empty,
        };
    }
}
