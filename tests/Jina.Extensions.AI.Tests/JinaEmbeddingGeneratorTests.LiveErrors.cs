using System.Net;
using Jina.Testing;

namespace Jina.Extensions.AI.Tests;

/// <summary>Every error body shared/JINA_API.md quotes from the live service becomes the right exception.</summary>
public sealed partial class JinaEmbeddingGeneratorTests
{
    public static TheoryData<int, string, string?, string?, string, string> LiveErrorBodies => new()
    {
        {
            422,
            """{"detail":"[RID: d7bd41c2] Validation errors in 2 fields","errors":[{"field":"body -> jina-embeddings-v2-base-en -> task","message":"Extra inputs are not permitted","type":"extra_forbidden","input":"retrieval.passage"},{"field":"body -> jina-embeddings-v2-base-en -> dimensions","message":"Extra inputs are not permitted","type":"extra_forbidden","input":256}]}""",
            null, "d7bd41c2",
            "Validation errors in 2 fields; jina-embeddings-v2-base-en -> task: Extra inputs are not permitted; jina-embeddings-v2-base-en -> dimensions: Extra inputs are not permitted",
            "schema has no such field"
        },
        { 400, """{"detail":"extra fields not permitted: ['encoding_format']"}""", null, null, "extra fields not permitted: ['encoding_format']", "schema has no such field" },
        {
            400,
            """{"detail":{"message":"Input text exceeds the model's maximum of 8194 tokens. Use 'truncate: true' to automatically truncate, or split into smaller chunks."}}""",
            null, null,
            "Input text exceeds the model's maximum of 8194 tokens. Use 'truncate: true' to automatically truncate, or split into smaller chunks.",
            "WithTruncate()"
        },
        {
            422,
            """{"detail":"[RID: ec42a0] Validation error: 'body -> jina-embeddings-v4' Each input list can contain at most 512 items.."}""",
            null, "ec42a0", "Validation error: 'body -> jina-embeddings-v4' Each input list can contain at most 512 items..", "at most 512 items"
        },
        {
            422,
            """{"detail":"[RID: 5e1f07] Validation errors in 1 fields","errors":[{"field":"body -> model","message":"Input should be 'jina-embeddings-v3', 'jina-embeddings-v4' or 'jina-clip-v2'","type":"literal_error","input":"jina-embeddings-v2-small-en"}]}""",
            null, "5e1f07", "Validation errors in 1 fields; model: Input should be 'jina-embeddings-v3', 'jina-embeddings-v4' or 'jina-clip-v2'", "Input should be"
        },
        { 400, """{"detail":"[RID: 06b5e9] Failed to encode text"}""", null, "06b5e9", "Failed to encode text", "Failed to encode text" },
        { 402, """{"detail":"[RID: 9c2d10] InsufficientBalanceError: the account's balance cannot pay for this request."}""", null, "9c2d10", "InsufficientBalanceError: the account's balance cannot pay for this request.", "top it up" },
        { 403, """{"detail":"Insufficient balance.","code":"AUTHZ_INSUFFICIENT_BALANCE"}""", "AUTHZ_INSUFFICIENT_BALANCE", null, "Insufficient balance.", "top it up" },
        { 401, """{"detail":"[RID: 1a2b3c] No API key was provided.","code":"AUTH_MISSING_API_KEY"}""", "AUTH_MISSING_API_KEY", "1a2b3c", "No API key was provided.", "JINA_API_KEY" },
        { 401, """{"detail":"[RID: 1a2b3d] The API key is invalid.","code":"AUTH_INVALID_API_KEY"}""", "AUTH_INVALID_API_KEY", "1a2b3d", "The API key is invalid.", "JINA_API_KEY" },
        { 401, """{"detail":"[RID: 1a2b3e] Invalid Authorization header format.","code":"AUTH_INVALID_FORMAT"}""", "AUTH_INVALID_FORMAT", "1a2b3e", "Invalid Authorization header format.", "JINA_API_KEY" },
        { 429, """{"detail":"[RID: 77aa01] Rate limit exceeded: 501/500 requests per minute","code":"RATE_REQUEST_LIMIT_EXCEEDED"}""", "RATE_REQUEST_LIMIT_EXCEEDED", "77aa01", "Rate limit exceeded: 501/500 requests per minute", "MaxRateLimitWait" },
        { 429, """{"detail":"[RID: 77aa02] Rate limit exceeded: 1003200/1000000 tokens per minute","code":"RATE_TOKEN_LIMIT_EXCEEDED"}""", "RATE_TOKEN_LIMIT_EXCEEDED", "77aa02", "Rate limit exceeded: 1003200/1000000 tokens per minute", "MaxRateLimitWait" },
        { 429, """{"detail":"[RID: 77aa03] Rate limit exceeded: 3/2 concurrent requests","code":"RATE_CONCURRENCY_LIMIT_EXCEEDED"}""", "RATE_CONCURRENCY_LIMIT_EXCEEDED", "77aa03", "Rate limit exceeded: 3/2 concurrent requests", "MaxRateLimitWait" },
        { 429, """{"detail":"[RID: 77aa04] Too many requests from this IP","code":"RATE_IP_LIMIT_EXCEEDED"}""", "RATE_IP_LIMIT_EXCEEDED", "77aa04", "Too many requests from this IP", "MaxRateLimitWait" },
        { 500, """{"detail":"[RID: 5500aa] Internal error","code":"INTERNAL_ERROR"}""", "INTERNAL_ERROR", "5500aa", "Internal error", "(request id 5500aa)" },
        { 503, """{"detail":"[RID: 5503aa] Service unavailable","code":"SERVICE_UNAVAILABLE"}""", "SERVICE_UNAVAILABLE", "5503aa", "Service unavailable", "(request id 5503aa)" },
        { 504, """{"detail":"[RID: 5504aa] Service timeout","code":"SERVICE_TIMEOUT"}""", "SERVICE_TIMEOUT", "5504aa", "Service timeout", "(request id 5504aa)" },
    };

    [Theory]
    [MemberData(nameof(LiveErrorBodies))]
    public async Task GenerateAsync_LiveErrorBody_BecomesAnExceptionWithItsCodeDetailAndRequestId(
        int status, string body, string? code, string? requestId, string detail, string inMessage)
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();
        using JinaEmbeddingGenerator generator = TestGenerators.Create(emulator, o =>
        {
            o.MaxRetries = 0;
            o.MaxRateLimitWait = TimeSpan.Zero;
        });
        emulator.Faults.EnqueueResponse(status, body);

        var ex = await Assert.ThrowsAsync<JinaApiException>(() => generator.GenerateAsync(["text"]));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(detail, ex.Detail);

        // Where the body has no [RID: …], the id comes from the x-request-id header the emulator sends.
        Assert.Equal(requestId ?? "emu-1", ex.RequestId);
        Assert.Contains($"(request id {ex.RequestId})", ex.Message, StringComparison.Ordinal);
        Assert.Contains(inMessage, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[RID:", ex.Message, StringComparison.Ordinal);
        Assert.Single(emulator.Requests);
    }
}
