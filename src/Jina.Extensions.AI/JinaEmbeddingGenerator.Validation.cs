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
        List<(string Setting, Action Check)> checks =
        [
            (nameof(JinaEmbeddingGeneratorOptions.ApiKey), () => ResolveApiKey(options.ApiKey)),
            (nameof(JinaEmbeddingGeneratorOptions.Endpoint), () => ResolveEndpoint(options.Endpoint)),
            (nameof(JinaEmbeddingGeneratorOptions.ModelId), () => ValidateModelId(options.ModelId)),
            (name, () => ValidateLimits(options)),
        ];

        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            // Each of the model's settings alone, so that the one it cannot take is the one named.
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.Task), () => ValidateModelOptions(options.ModelId, task, null, false, null, name)));
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.Dimensions), () => ValidateModelOptions(options.ModelId, null, options.Dimensions, false, null, name)));
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.LateChunking), () => ValidateModelOptions(options.ModelId, null, null, options.LateChunking, null, name)));
            checks.Add((nameof(JinaEmbeddingGeneratorOptions.Normalized), () => ValidateModelOptions(options.ModelId, null, null, false, options.Normalized, name)));
        }

        var failures = new List<(string Setting, string Message)>();
        foreach ((string setting, Action check) in checks)
        {
            try
            {
                check();
            }
            catch (ArgumentException ex)
            {
                // The limits name their own setting ("options.MaxRetries"); every other check is for the setting it is listed with.
                string failing = ex.ParamName is { } param && param.StartsWith(name + ".", StringComparison.Ordinal) ? param[(name.Length + 1)..] : setting;
                int parameterNote = ex.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
                failures.Add((failing, parameterNote > 0 ? ex.Message[..parameterNote] : ex.Message));
            }
        }

        return failures;
    }

    // The key never reaches a message: only where it is read from, and the position of a character a header cannot carry.
    private static string ResolveApiKey(string? configured)
    {
        string? apiKey = string.IsNullOrWhiteSpace(configured)
            ? Environment.GetEnvironmentVariable(JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable)
            : configured;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException(
                $"No Jina API key: set {nameof(JinaEmbeddingGeneratorOptions)}.{nameof(JinaEmbeddingGeneratorOptions.ApiKey)} or the " +
                $"{JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable} environment variable (get a key at https://jina.ai/embeddings).",
                "options");
        }

        apiKey = apiKey.Trim();
        int badCharacter = apiKey.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (badCharacter >= 0)
        {
            // Caught here because HttpClient would refuse the header on every attempt, which reads like a network failure after all retries.
            throw new ArgumentException(
                Invariant($"The Jina API key has a character an HTTP header cannot carry at position {badCharacter} (a space, a line break or a non-ASCII character, ") +
                $"often picked up when copying it); set {nameof(JinaEmbeddingGeneratorOptions)}.{nameof(JinaEmbeddingGeneratorOptions.ApiKey)} or " +
                $"{JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable} to the key exactly as https://jina.ai/embeddings shows it.",
                "options");
        }

        return apiKey;
    }

    // An endpoint that is not set comes from JINA_ENDPOINT, then the public API; the same rules hold wherever it came from.
    private static Uri ResolveEndpoint(Uri? configured)
    {
        Uri endpoint = configured ?? FromEnvironment() ?? JinaEmbeddingGeneratorOptions.DefaultEndpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException(
                $"{nameof(JinaEmbeddingGeneratorOptions.Endpoint)} must be an absolute http(s) address such as {JinaEmbeddingGeneratorOptions.DefaultEndpoint}.", "options");
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            throw new ArgumentException(
                $"The endpoint {endpoint.GetLeftPart(UriPartial.Authority)} uses plain http, so the API key would travel in clear text. " +
                "Use https (plain http is accepted only for loopback addresses such as a local emulator).",
                "options");
        }

        return endpoint;

        static Uri? FromEnvironment()
        {
            string? value = Environment.GetEnvironmentVariable(JinaEmbeddingGeneratorOptions.EndpointEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            return Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new ArgumentException(
                    $"The {JinaEmbeddingGeneratorOptions.EndpointEnvironmentVariable} environment variable is '{value}', which is not an absolute " +
                    $"address such as {JinaEmbeddingGeneratorOptions.DefaultEndpoint}; correct it or unset it.",
                    "options");
        }
    }

    private static void ValidateModelId(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException($"{nameof(JinaEmbeddingGeneratorOptions.ModelId)} must be set, for example to {JinaModels.DefaultModelId}.", "options");
        }
    }

    private static void ValidateLimits(JinaEmbeddingGeneratorOptions options)
    {
        const string name = "options";
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, $"{name}.{nameof(JinaEmbeddingGeneratorOptions.MaxRetries)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryBaseDelay, TimeSpan.Zero, $"{name}.{nameof(JinaEmbeddingGeneratorOptions.RetryBaseDelay)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRateLimitWait, TimeSpan.Zero, $"{name}.{nameof(JinaEmbeddingGeneratorOptions.MaxRateLimitWait)}");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RateLimitWindow, TimeSpan.Zero, $"{name}.{nameof(JinaEmbeddingGeneratorOptions.RateLimitWindow)}");
        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException($"{name}.{nameof(JinaEmbeddingGeneratorOptions.RequestTimeout)}", "RequestTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        (int? Value, string Name)[] positive =
        [
            (options.MaxInputsPerRequest, nameof(JinaEmbeddingGeneratorOptions.MaxInputsPerRequest)),
            (options.MaxConcurrentRequests, nameof(JinaEmbeddingGeneratorOptions.MaxConcurrentRequests)),
            (options.RequestsPerMinute, nameof(JinaEmbeddingGeneratorOptions.RequestsPerMinute)),
            (options.TokensPerMinute, nameof(JinaEmbeddingGeneratorOptions.TokensPerMinute)),
        ];
        foreach ((int? value, string setting) in positive)
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 1, $"{name}.{setting}");
            }
        }
    }
}
