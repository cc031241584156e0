using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Counts the tokens a generator embeds, for ingestion progress.</summary>
/// <remarks>
/// The count is the generator's own usage where it reports one; otherwise the model's tokenizer counts the inputs, and
/// without a tokenizer a four-characters-per-token estimate stands in.
/// </remarks>
internal sealed class TokenCountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    private long _tokens;

    public long Tokens => Interlocked.Read(ref _tokens);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        var result = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        long tokens = result.Usage?.InputTokenCount ?? Count(inputs);
        Interlocked.Add(ref _tokens, tokens);
        return result;
    }

    private long Count(IReadOnlyList<string> inputs)
    {
        var tokenizer = InnerGenerator.GetService<EmbeddingModelCapabilities>()?.Tokenizer;
        long total = 0;
        foreach (string input in inputs)
        {
            total += tokenizer is not null ? tokenizer.CountTokens(input) : (input.Length + 3) / 4;
        }

        return total;
    }
}
