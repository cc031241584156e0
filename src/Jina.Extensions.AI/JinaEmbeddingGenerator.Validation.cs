namespace Jina.Extensions.AI;

/// <summary>The settings half of <see cref="JinaEmbeddingGenerator"/>: the checks its constructor and the options validator share.</summary>
public sealed partial class JinaEmbeddingGenerator
{
    /// <summary>Runs every check the constructor runs, one setting at a time, and names each setting that fails.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The failing settings (by option name) and what is wrong with each; empty when a generator can be built from them.</returns>
    internal static IReadOnlyList<(string Setting, string Message)> FindInvalidSettings(JinaEmbeddingGeneratorOptions options)
    {
        const string name = "options";
        string? task = options.Task?.Value is { Length: > 0 } t ? t : null;
        List<(string Setting, Action Check)> checks = [.. JinaConnection.Checks(options, nameof(JinaEmbeddingGeneratorOptions))];
        checks.Add((nameof(JinaEmbeddingGeneratorOptions.ModelId), () => ValidateModelId(options.ModelId)));
        checks.Add((nameof(JinaEmbeddingGeneratorOptions.MaxInputsPerRequest), () => ValidateInputsPerRequest(options.MaxInputsPerRequest)));
        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            // Each of the model's settings alone, so that the one it cannot take is the one named.
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.Task), () => ValidateModelOptions(options.ModelId, task, null, false, null, name)));
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.Dimensions), () => ValidateModelOptions(options.ModelId, null, options.Dimensions, false, null, name)));
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.LateChunking), () => ValidateModelOptions(options.ModelId, null, null, options.LateChunking, null, name)));
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.Normalized), () => ValidateModelOptions(options.ModelId, null, null, false, options.Normalized, name)));
        }

        return JinaConnection.FindInvalidSettings(checks);
    }

    private static void ValidateModelId(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException($"{nameof(JinaEmbeddingGeneratorOptions.ModelId)} must be set, for example to {JinaModels.DefaultModelId}.", "options");
        }
    }

    private static void ValidateInputsPerRequest(int? perRequest)
    {
        if (perRequest is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, $"options.{nameof(JinaEmbeddingGeneratorOptions.MaxInputsPerRequest)}");
        }
    }
}
