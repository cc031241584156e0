using System.Globalization;

namespace Jina.Extensions.AI;

/// <summary>Checks the connection settings of a component and turns them into the settings of its <see cref="JinaApiClient"/>.</summary>
/// <remarks>
/// The generator, the reranker and their options validators run the same checks, so a setting that fails at start-up is the
/// one a constructor would have refused, with the same message.
/// </remarks>
internal static class JinaConnection
{
    /// <summary>Returns the API client settings for <paramref name="options"/>, or throws an exception that says what to set.</summary>
    /// <param name="options">The component's options.</param>
    /// <param name="optionsType">The name of the options type, for messages (such as <c>JinaRerankerOptions</c>).</param>
    /// <param name="paramName">The name of the constructor's options parameter.</param>
    /// <exception cref="ArgumentException">No API key, a key an HTTP header cannot carry, or an endpoint that is not an absolute https (or loopback http) address.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit or a delay is out of range.</exception>
    public static JinaApiClientSettings CreateSettings(IJinaConnectionOptions options, string optionsType, string paramName)
    {
        string apiKey = ResolveApiKey(options.ApiKey, optionsType, paramName);
        Uri endpoint = ResolveEndpoint(options.Endpoint, paramName);
        ValidateLimits(options, paramName);
        return new JinaApiClientSettings
        {
            Endpoint = endpoint,
            ApiKey = apiKey,
            MaxRetries = options.MaxRetries,
            RetryBaseDelay = options.RetryBaseDelay,
            RequestTimeout = options.RequestTimeout,
            MaxRateLimitWait = options.MaxRateLimitWait,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
            RateLimits = new JinaRateLimits(options.RequestsPerMinute, options.TokensPerMinute, options.MaxConcurrentRequests, options.RateLimitWindow),
        };
    }

    /// <summary>Returns the connection's checks one by one, each with the setting it is for.</summary>
    public static IEnumerable<(string Setting, Action Check)> Checks(IJinaConnectionOptions options, string optionsType)
    {
        yield return (nameof(options.ApiKey), () => ResolveApiKey(options.ApiKey, optionsType, "options"));
        yield return (nameof(options.Endpoint), () => ResolveEndpoint(options.Endpoint, "options"));
        yield return ("options", () => ValidateLimits(options, "options"));
    }

    /// <summary>Runs checks and names each setting that fails, with the message its constructor would throw.</summary>
    /// <param name="checks">The checks, each with the setting it is for; one that throws with a parameter name <c>options.X</c> names X.</param>
    /// <returns>The failing settings and what is wrong with each; empty when all pass.</returns>
    public static IReadOnlyList<(string Setting, string Message)> FindInvalidSettings(IEnumerable<(string Setting, Action Check)> checks)
    {
        const string prefix = "options.";
        var failures = new List<(string Setting, string Message)>();
        foreach ((string setting, Action check) in checks)
        {
            try
            {
                check();
            }
            catch (ArgumentException ex)
            {
                string failing = ex.ParamName is { } param && param.StartsWith(prefix, StringComparison.Ordinal) ? param[prefix.Length..] : setting;
                int parameterNote = ex.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
                failures.Add((failing, parameterNote > 0 ? ex.Message[..parameterNote] : ex.Message));
            }
        }

        return failures;
    }

    // The key never reaches a message: only where it is read from, and the position of a character a header cannot carry.
    private static string ResolveApiKey(string? configured, string optionsType, string paramName)
    {
        const string variable = JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable;
        string? apiKey = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable(variable) : configured;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException(
                $"No Jina API key: set {optionsType}.ApiKey or the {variable} environment variable (get a key at https://jina.ai/embeddings).",
                paramName);
        }

        apiKey = apiKey.Trim();
        int badCharacter = apiKey.AsSpan().IndexOfAnyExceptInRange('!', '~');
        if (badCharacter >= 0)
        {
            // Caught here because HttpClient would refuse the header on every attempt, which reads like a network failure after all retries.
            throw new ArgumentException(
                Invariant($"The Jina API key has a character an HTTP header cannot carry at position {badCharacter} (a space, a line break or a non-ASCII character, ") +
                $"often picked up when copying it); set {optionsType}.ApiKey or {variable} to the key exactly as https://jina.ai/embeddings shows it.",
                paramName);
        }

        return apiKey;
    }

    // An endpoint that is not set comes from JINA_ENDPOINT, then the public API; the same rules hold wherever it came from.
    private static Uri ResolveEndpoint(Uri? configured, string paramName)
    {
        Uri endpoint = configured ?? FromEnvironment(paramName) ?? JinaEmbeddingGeneratorOptions.DefaultEndpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Endpoint must be an absolute http(s) address such as {JinaEmbeddingGeneratorOptions.DefaultEndpoint}.", paramName);
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            throw new ArgumentException(
                $"The endpoint {endpoint.GetLeftPart(UriPartial.Authority)} uses plain http, so the API key would travel in clear text. " +
                "Use https (plain http is accepted only for loopback addresses such as a local emulator).",
                paramName);
        }

        return endpoint;

        static Uri? FromEnvironment(string paramName)
        {
            const string variable = JinaEmbeddingGeneratorOptions.EndpointEnvironmentVariable;
            string? value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            return Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new ArgumentException(
                    $"The {variable} environment variable is '{value}', which is not an absolute address such as {JinaEmbeddingGeneratorOptions.DefaultEndpoint}; correct it or unset it.",
                    paramName);
        }
    }

    private static void ValidateLimits(IJinaConnectionOptions options, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, $"{name}.{nameof(options.MaxRetries)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryBaseDelay, TimeSpan.Zero, $"{name}.{nameof(options.RetryBaseDelay)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRateLimitWait, TimeSpan.Zero, $"{name}.{nameof(options.MaxRateLimitWait)}");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RateLimitWindow, TimeSpan.Zero, $"{name}.{nameof(options.RateLimitWindow)}");
        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException($"{name}.{nameof(options.RequestTimeout)}", "RequestTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        (int? Value, string Name)[] positive =
        [
            (options.MaxConcurrentRequests, nameof(options.MaxConcurrentRequests)),
            (options.RequestsPerMinute, nameof(options.RequestsPerMinute)),
            (options.TokensPerMinute, nameof(options.TokensPerMinute)),
        ];
        foreach ((int? value, string setting) in positive)
        {
            if (value is { } v)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(v, 1, $"{name}.{setting}");
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
