using System.Net;

namespace Jina.Extensions.AI;

/// <summary>Represents an error answered by the Jina API, or a response that does not match its request.</summary>
/// <remarks>The message, the detail and <c>ToString()</c> never contain the API key.</remarks>
public sealed class JinaApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="JinaApiException"/> class.</summary>
    public JinaApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaApiException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public JinaApiException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaApiException"/> class with a message and the exception that caused it.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public JinaApiException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JinaApiException"/> class with everything the API said.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="statusCode">The HTTP status code of the response.</param>
    /// <param name="errorCode">The API's error code, such as <c>AUTH_INVALID_API_KEY</c>.</param>
    /// <param name="detail">The API's explanation of the error.</param>
    /// <param name="requestId">The API's identifier of the request, for support.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public JinaApiException(string? message, HttpStatusCode statusCode, string? errorCode, string? detail, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Detail = detail;
        RequestId = requestId;
    }

    /// <summary>Gets the HTTP status code of the response (<see cref="HttpStatusCode.OK"/> when a successful response did not match its request).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the API's error code, such as <c>AUTH_INVALID_API_KEY</c>, when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the API's explanation of the error, including field-level validation messages, when it sent one.</summary>
    public string? Detail { get; }

    /// <summary>Gets the API's identifier of the request, when it sent one; quote it when contacting Jina support.</summary>
    public string? RequestId { get; }
}
