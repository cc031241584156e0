using Jina.Extensions.AI;

namespace Microsoft.Extensions.AI;

/// <summary>Provides typed helpers that put Jina settings into <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>.</summary>
/// <remarks>Values are stored as plain strings and booleans under the API's own field names, so caching layers include them in their keys.</remarks>
public static class JinaEmbeddingGenerationOptionsExtensions
{
    /// <summary>Sets the task the model applies, such as <see cref="JinaTask.RetrievalQuery"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="task">The task.</param>
    /// <returns>The same <paramref name="options"/>, for chaining.</returns>
    public static EmbeddingGenerationOptions WithJinaTask(this EmbeddingGenerationOptions options, JinaTask task)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(task.Value))
        {
            throw new ArgumentException("The task is empty; use one of the JinaTask properties or new JinaTask(\"name\").", nameof(task));
        }

        return Set(options, JinaPropertyNames.Task, task.Value);
    }

    /// <summary>Sets whether the inputs are chunks of one document to embed with late chunking.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="lateChunking">Whether late chunking is on.</param>
    /// <returns>The same <paramref name="options"/>, for chaining.</returns>
    public static EmbeddingGenerationOptions WithLateChunking(this EmbeddingGenerationOptions options, bool lateChunking = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Set(options, JinaPropertyNames.LateChunking, lateChunking);
    }

    /// <summary>Sets whether vectors are L2-normalised.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="normalized">Whether vectors are normalised.</param>
    /// <returns>The same <paramref name="options"/>, for chaining.</returns>
    public static EmbeddingGenerationOptions WithNormalized(this EmbeddingGenerationOptions options, bool normalized)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Set(options, JinaPropertyNames.Normalized, normalized);
    }

    /// <summary>Sets whether over-long inputs are cut to the model's limit instead of failing.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="truncate">Whether inputs are truncated.</param>
    /// <returns>The same <paramref name="options"/>, for chaining.</returns>
    public static EmbeddingGenerationOptions WithTruncate(this EmbeddingGenerationOptions options, bool truncate = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Set(options, JinaPropertyNames.Truncate, truncate);
    }

    /// <summary>Returns the task set on the options, or <see langword="null"/> when none is.</summary>
    /// <param name="options">The options to read.</param>
    /// <returns>The task, or <see langword="null"/>.</returns>
    public static JinaTask? GetJinaTask(this EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties &&
        properties.TryGetValue(JinaPropertyNames.Task, out object? value) &&
        value?.ToString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? new JinaTask(text)
            : null;

    private static EmbeddingGenerationOptions Set(EmbeddingGenerationOptions options, string key, object value)
    {
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[key] = value;
        return options;
    }
}
