using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests;

/// <summary>
/// An in-test generator that records every request and answers with vectors that depend on the input's own text and on
/// the whole request (as a late-chunked vector does), so a test can tell which request a vector came from.
/// </summary>
internal sealed class RecordingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 16;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public EmbeddingModelCapabilities? Capabilities { get; init; }

    /// <summary>Gets a predicate that makes a request fail as the Jina API does past the token limit.</summary>
    public Func<IReadOnlyList<string>, bool>? RejectAsTooLong { get; init; }

    /// <summary>Gets a function that returns the exception a request fails with, or <see langword="null"/> to answer it.</summary>
    public Func<IReadOnlyList<string>, Exception?>? Fail { get; init; }

    /// <summary>Gets a value indicating whether the generator answers <see cref="CacheBypass.ProviderKey"/>, as this library's providers do.</summary>
    public bool AnswersProviderKey { get; init; } = true;

    /// <summary>Gets how many embeddings to leave out of each answer (to test count checks).</summary>
    public int DropEmbeddings { get; init; }

    /// <summary>Gets a delay that varies per request so that concurrent windows finish out of order.</summary>
    public bool RandomDelay { get; init; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] inputs = [.. values];
        cancellationToken.ThrowIfCancellationRequested();
        if (RandomDelay)
        {
            await Task.Delay(Random.Shared.Next(0, 20), cancellationToken);
        }

        if (Fail?.Invoke(inputs) is Exception failure)
        {
            Requests.Enqueue(new RecordedRequest(inputs, options, null));
            throw failure;
        }

        if (RejectAsTooLong?.Invoke(inputs) == true)
        {
            Requests.Enqueue(new RecordedRequest(inputs, options, null));
            throw new InvalidOperationException("Jina API 400 INPUT_TOKEN_LIMIT_EXCEEDED: the request is longer than 8192 tokens.");
        }

        var result = new GeneratedEmbeddings<Embedding<float>>();
        string joined = string.Join(' ', inputs);
        for (int i = 0; i < inputs.Length - DropEmbeddings; i++)
        {
            result.Add(new Embedding<float>(Vector(inputs[i], joined)));
        }

        Requests.Enqueue(new RecordedRequest(inputs, options, result));
        return result;
    }

    /// <summary>Returns the vector this generator gives <paramref name="text"/> in a request whose inputs join to <paramref name="context"/>.</summary>
    public static float[] Vector(string text, string? context)
    {
        var vector = new float[Dimensions];
        for (int d = 0; d < Dimensions; d++)
        {
            vector[d] = Hash(text, d) + (context is null ? 0 : 0.5f * Hash(context, d));
        }

        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null)
        {
            return AnswersProviderKey ? CacheBypass.AnswerProviderKey(this, serviceType, serviceKey) : null;
        }

        return serviceType == typeof(EmbeddingModelCapabilities) ? Capabilities
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    private static float Hash(string text, int dimension) =>
        (HashCode.Combine(string.GetHashCode(text, StringComparison.Ordinal), dimension) & 0xFFFF) / 65536f;
}

internal sealed record RecordedRequest(string[] Inputs, EmbeddingGenerationOptions? Options, GeneratedEmbeddings<Embedding<float>>? Result)
{
    public bool Succeeded => Result is not null;
}
