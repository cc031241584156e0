using Microsoft.ML.Tokenizers;

namespace Jina.Extensions.AI;

/// <summary>Describes what an embedding model accepts: its context, request limits, dimensions, tasks and late chunking.</summary>
/// <remarks>
/// Generators of this library return it from <c>GetService(typeof(EmbeddingModelCapabilities))</c>; the late chunker
/// uses it to size its windows and to count tokens with the model's own tokenizer where one is known.
/// </remarks>
public sealed class EmbeddingModelCapabilities
{
    /// <summary>Gets the model identifier.</summary>
    public required string ModelId { get; init; }

    /// <summary>Gets the most tokens one input (or one late-chunked request, all inputs together) may have.</summary>
    public required int MaxInputTokens { get; init; }

    /// <summary>Gets the most inputs one request may carry.</summary>
    public required int MaxInputsPerRequest { get; init; }

    /// <summary>Gets the length of the vectors the model returns when no dimensions are asked for.</summary>
    public required int DefaultDimensions { get; init; }

    /// <summary>Gets the smallest number of dimensions the model can be asked for, or <see langword="null"/> when its size is fixed.</summary>
    public int? MinDimensions { get; init; }

    /// <summary>Gets the largest number of dimensions the model can be asked for, or <see langword="null"/> when its size is fixed.</summary>
    public int? MaxDimensions { get; init; }

    /// <summary>Gets a value indicating whether the model takes a <c>task</c>.</summary>
    public bool SupportsTasks { get; init; }

    /// <summary>Gets a value indicating whether the model supports <c>late_chunking</c>.</summary>
    public bool SupportsLateChunking { get; init; }

    /// <summary>Gets the model's own tokenizer, or <see langword="null"/> when token counts can only be estimated.</summary>
    public Tokenizer? Tokenizer { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{ModelId} (context {MaxInputTokens} tokens, {MaxInputsPerRequest} inputs per request, {DefaultDimensions} dimensions)";
}
