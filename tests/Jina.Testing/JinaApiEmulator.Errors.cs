using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Jina.Testing;

/// <summary>The error bodies, in the shapes the live service sends (shared/JINA_API.md), and <c>GET /v1/models</c>.</summary>
/// <remarks>
/// No body carries a <c>request_id</c> field: the id travels inside <c>detail</c> as <c>[RID: …]</c> (and, unverified, in an
/// <c>x-request-id</c> header). The token-limit error's <c>detail</c> is an object and has no <c>code</c>.
/// </remarks>
public sealed partial class JinaApiEmulator
{
    private async Task ServeFaultAsync(HttpContext context, Outcome outcome, JinaApiEmulatorFaults.Fault fault, string requestId)
    {
        outcome.StatusCode = fault.StatusCode;
        switch (fault.Kind)
        {
            case JinaApiEmulatorFaults.FaultKind.Abort:
                context.Abort();
                return;
            case JinaApiEmulatorFaults.FaultKind.RateLimit:
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                }

                await Fail(context, outcome, 429, fault.Body!, fault.Code, requestId);
                return;
            case JinaApiEmulatorFaults.FaultKind.Balance when fault.StatusCode == 402:
                // Jina's own tools recognise 402 or the name InsufficientBalanceError; the exact live body is unpublished.
                await Fail(context, outcome, 402, "InsufficientBalanceError: the account's balance cannot pay for this request.", null, requestId, "INSUFFICIENT_BALANCE");
                return;
            case JinaApiEmulatorFaults.FaultKind.Balance:
                await Fail(context, outcome, fault.StatusCode, "Insufficient balance.", "AUTHZ_INSUFFICIENT_BALANCE", requestId);
                return;
            case JinaApiEmulatorFaults.FaultKind.ServerError:
                string code = fault.StatusCode switch { 503 => "SERVICE_UNAVAILABLE", 504 => "SERVICE_TIMEOUT", _ => "INTERNAL_ERROR" };
                await Fail(context, outcome, fault.StatusCode, "The service is temporarily unable to handle the request.", code, requestId);
                return;
            default:
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = fault.ContentType;
                await context.Response.WriteAsync(fault.Body ?? string.Empty, context.RequestAborted);
                return;
        }
    }

    private async Task ServeModelsAsync(HttpContext context, Outcome outcome, string requestId)
    {
        if (Authenticate(context) is { } refused)
        {
            await Fail(context, outcome, refused.Status, refused.Detail, refused.Code, requestId);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (JinaApiEmulatorModel model in _models.Values)
        {
            writer.WriteStartObject();
            writer.WriteString("id", model.Id);
            writer.WriteString("object", "model");
            writer.WriteNumber("context_length", ContextOf(model));
            writer.WriteNumber("max_output_length", model.Dimensions);
            writer.WriteStartArray("input_modalities");
            foreach (string modality in model.InputModalities)
            {
                writer.WriteStringValue(modality);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("supported_features");
            foreach (string field in model.Fields)
            {
                writer.WriteStringValue(field);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    // recordedCode: the name the request log gives an error whose body carries no code.
    private static Task Fail(HttpContext context, Outcome outcome, int status, string detail, string? code, string requestId, string? recordedCode = null)
    {
        outcome.StatusCode = status;
        outcome.ErrorCode = code ?? recordedCode;
        return WriteErrorAsync(context, status, detail, code, requestId);
    }

    // The live token-limit body: an object-valued detail, no code, no request id; the maximum it quotes counts two more tokens than the context.
    private Task FailTokenLimit(HttpContext context, Outcome outcome, JinaApiEmulatorModel model)
    {
        outcome.StatusCode = 400;
        outcome.ErrorCode = "INPUT_TOKEN_LIMIT_EXCEEDED";
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"Input text exceeds the model's maximum of {ContextOf(model) + JinaApiEmulatorTokenCounter.SpecialTokensPerSequence} tokens. Use 'truncate: true' to automatically truncate, or split into smaller chunks.");
        return WriteJsonAsync(context, 400, writer =>
        {
            writer.WriteStartObject("detail");
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });
    }

    private static Task FailValidation(HttpContext context, Outcome outcome, IReadOnlyList<FieldError> errors, string requestId)
    {
        outcome.StatusCode = 422;
        outcome.ErrorCode = "VALIDATION_ERROR";
        return WriteJsonAsync(context, 422, writer =>
        {
            writer.WriteString("detail", string.Create(CultureInfo.InvariantCulture, $"[RID: {requestId}] Validation errors in {errors.Count} fields"));
            writer.WriteStartArray("errors");
            foreach (FieldError error in errors)
            {
                writer.WriteStartObject();
                writer.WriteString("field", error.Field);
                writer.WriteString("message", error.Message);
                writer.WriteString("type", error.Type);
                switch (error.Input)
                {
                    case null:
                        writer.WriteNull("input");
                        break;
                    case int number:
                        writer.WriteNumber("input", number);
                        break;
                    default:
                        writer.WriteString("input", Convert.ToString(error.Input, CultureInfo.InvariantCulture));
                        break;
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string detail, string? code, string requestId) =>
        WriteJsonAsync(context, status, writer =>
        {
            writer.WriteString("detail", $"[RID: {requestId}] {detail}");
            if (code is not null)
            {
                writer.WriteString("code", code);
            }
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeProperties)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Written as the service's Python stack writes JSON: quotes and arrows as they are, not as \u0027 and \u003E.
        await using var writer = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writeProperties(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
