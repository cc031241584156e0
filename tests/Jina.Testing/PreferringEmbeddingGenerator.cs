using Microsoft.Extensions.AI;

namespace Jina.Testing;

/// <summary>An embedder for a rerank emulator (<see cref="JinaApiEmulatorOptions.Embedder"/>) that ranks passages containing one phrase above all others, whatever the query.</summary>
/// <param name="word">The phrase (compared ignoring case) whose passages rank first.</param>
/// <remarks>
/// The emulator scores a document by the cosine of its query vector and the document's passage vector; here every query is
/// [1, 0] and a passage is [1, 0] when it contains the word and [0, 1] otherwise. So a reranked order differs from the vector
/// search's in a way a test can predict: passages with the word first, in the order they were sent.
/// </remarks>
public sealed class PreferringEmbeddingGenerator(string word) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        bool query = options?.AdditionalProperties?.TryGetValue("task", out object? task) == true && Equals(task, "retrieval.query");
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string text in values)
        {
            bool preferred = query || text.Contains(word, StringComparison.OrdinalIgnoreCase);
            result.Add(new Embedding<float>(preferred ? new float[] { 1, 0 } : [0, 1]));
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
