using System.Runtime.CompilerServices;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Counts the tokens a generator embeds for the document being ingested, for ingestion progress.</summary>
/// <remarks>
/// The count is the generator's own usage where it reports one; otherwise the model's tokenizer counts the inputs and their
/// special tokens, and without a tokenizer the library's one estimate stands in, the one the late chunker plans its windows with. Counts go to the scope opened by <see cref="BeginScope"/>
/// on the current async flow, so documents embedded concurrently (and their concurrent windows) are counted apart.
/// </remarks>
internal sealed class TokenCountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    private static readonly AsyncLocal<StrongBox<long>?> s_scope = new();

    /// <summary>Starts counting for the current async flow and what it starts; read the box when the work is done.</summary>
    public static StrongBox<long> BeginScope() => s_scope.Value = new StrongBox<long>();

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        var result = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        if (s_scope.Value is { } scope)
        {
            Interlocked.Add(ref scope.Value, result.Usage?.InputTokenCount ?? Count(inputs));
        }

        return result;
    }

    private long Count(IReadOnlyList<string> inputs)
    {
        var counter = TokenCounter.For(InnerGenerator.GetService<EmbeddingModelCapabilities>()?.Tokenizer);
        long total = 0;
        foreach (string input in inputs)
        {
            total += counter.CountInput(input);
        }

        return total;
    }
}
