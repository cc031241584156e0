using System.Globalization;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Provides methods that register a <see cref="JinaEmbeddingGenerator"/> from an application's configuration.</summary>
public static partial class JinaHostApplicationBuilderExtensions
{
    /// <summary>Registers a Jina embedding generator configured from a configuration section, plus its query and passage roles.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="sectionName">The configuration section, <c>Jina</c> unless given.</param>
    /// <param name="configure">Adjusts the options after the section is read, or <see langword="null"/>.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    /// <remarks>
    /// The section's keys are the option names (<c>ApiKey</c>, <c>Endpoint</c>, <c>ModelId</c>, <c>Task</c>, <c>Dimensions</c>,
    /// <c>LateChunking</c>, <c>Normalized</c>, <c>Truncate</c>, <c>MaxInputsPerRequest</c>, <c>MaxConcurrentRequests</c>,
    /// <c>RequestsPerMinute</c>, <c>TokensPerMinute</c>, <c>RateLimitWindow</c>, <c>MaxRateLimitWait</c>, <c>MaxRetries</c>,
    /// <c>RetryBaseDelay</c>, <c>RequestTimeout</c>, <c>DiscoverModels</c>). Without <c>ApiKey</c> the configuration value <c>JINA_API_KEY</c> is used
    /// (environment variables are part of the default configuration).
    /// </remarks>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddJinaEmbeddingGenerator(
        this IHostApplicationBuilder builder, string sectionName = "Jina", Action<JinaEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);

        IConfiguration configuration = builder.Configuration;
        return builder.Services.AddJinaEmbeddingGenerator(options =>
        {
            Bind(configuration.GetSection(sectionName), options);
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = configuration[JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable];
            }

            configure?.Invoke(options);
        });
    }

    // Read by hand rather than through the reflection binder, so the library stays trimmable and AOT-compatible.
    private static void Bind(IConfigurationSection section, JinaEmbeddingGeneratorOptions options)
    {
        BindConnection(section, options);
        if (section[nameof(options.ModelId)] is { Length: > 0 } modelId)
        {
            options.ModelId = modelId;
        }

        if (section[nameof(options.Task)] is { Length: > 0 } task)
        {
            options.Task = new JinaTask(task);
        }

        options.Dimensions = ReadInt(section, nameof(options.Dimensions)) ?? options.Dimensions;
        options.LateChunking = ReadBool(section, nameof(options.LateChunking)) ?? options.LateChunking;
        options.Normalized = ReadBool(section, nameof(options.Normalized)) ?? options.Normalized;
        options.Truncate = ReadBool(section, nameof(options.Truncate)) ?? options.Truncate;
        options.MaxInputsPerRequest = ReadInt(section, nameof(options.MaxInputsPerRequest)) ?? options.MaxInputsPerRequest;
        options.DiscoverModels = ReadBool(section, nameof(options.DiscoverModels)) ?? options.DiscoverModels;
    }

    // The key, endpoint, rate limits and retries: the settings every component of one key reads from the same keys.
    private static void BindConnection(IConfigurationSection section, IJinaConnectionOptions options)
    {
        if (section[nameof(options.ApiKey)] is { Length: > 0 } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (section[nameof(options.Endpoint)] is { Length: > 0 } endpoint)
        {
            options.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri)
                ? uri
                : throw Invalid(section, nameof(options.Endpoint), endpoint, "an absolute URI such as https://api.jina.ai/v1/");
        }

        options.MaxConcurrentRequests = ReadInt(section, nameof(options.MaxConcurrentRequests)) ?? options.MaxConcurrentRequests;
        options.RequestsPerMinute = ReadInt(section, nameof(options.RequestsPerMinute)) ?? options.RequestsPerMinute;
        options.TokensPerMinute = ReadInt(section, nameof(options.TokensPerMinute)) ?? options.TokensPerMinute;
        options.RateLimitWindow = ReadTimeSpan(section, nameof(options.RateLimitWindow)) ?? options.RateLimitWindow;
        options.MaxRateLimitWait = ReadTimeSpan(section, nameof(options.MaxRateLimitWait)) ?? options.MaxRateLimitWait;
        options.MaxRetries = ReadInt(section, nameof(options.MaxRetries)) ?? options.MaxRetries;
        options.RetryBaseDelay = ReadTimeSpan(section, nameof(options.RetryBaseDelay)) ?? options.RetryBaseDelay;
        options.RequestTimeout = ReadTimeSpan(section, nameof(options.RequestTimeout)) ?? options.RequestTimeout;
    }

    private static int? ReadInt(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? null :
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value :
        throw Invalid(section, key, text, "an integer");

    private static bool? ReadBool(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? null :
        bool.TryParse(text, out bool value) ? value :
        throw Invalid(section, key, text, "true or false");

    private static TimeSpan? ReadTimeSpan(IConfigurationSection section, string key) =>
        section[key] is not { Length: > 0 } text ? null :
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value :
        throw Invalid(section, key, text, "a time span such as 00:00:30");

    private static InvalidOperationException Invalid(IConfigurationSection section, string key, string value, string expected) =>
        new($"Configuration value {section.Path}:{key} is '{value}'; it must be {expected}.");
}
