using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
    /// <c>RetryBaseDelay</c>, <c>RequestTimeout</c>, <c>DiscoverModels</c>), bound by the configuration-binding source generator.
    /// Without <c>ApiKey</c> the configuration value <c>JINA_API_KEY</c> is used, and without <c>Endpoint</c> the value
    /// <c>JINA_ENDPOINT</c> (environment variables are part of the default configuration). The options are validated when the
    /// host starts: a value that cannot be read, or a setting the model cannot take, stops the start with the setting named.
    /// </remarks>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddJinaEmbeddingGenerator(
        this IHostApplicationBuilder builder, string sectionName = "Jina", Action<JinaEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);

        IConfiguration configuration = builder.Configuration;
        IConfigurationSection section = configuration.GetSection(sectionName);
        string optionsName = JinaServiceCollectionExtensions.OptionsName(serviceKey: null);

        // TimeProvider is a service, not a setting: the binder skips it, and the registration takes the container's.
        builder.Services.AddOptions<JinaEmbeddingGeneratorOptions>(optionsName).Bind(section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JinaEmbeddingGeneratorOptions>>(
            new JinaOptionsValidator<JinaEmbeddingGeneratorOptions>(optionsName, setting => $"{section.Path}:{setting}", JinaEmbeddingGenerator.FindInvalidSettings)));

        return builder.Services.AddJinaEmbeddingGenerator(options =>
        {
            // JinaTask is a value the binder cannot build from a string; it is read here, and checked against the model at start.
            if (section[nameof(options.Task)] is { Length: > 0 } task && !string.IsNullOrWhiteSpace(task))
            {
                options.Task = new JinaTask(task);
            }

            ApplyFallbacks(configuration, options);
            configure?.Invoke(options);
        });
    }

    // Without a key or an endpoint in the section, the configuration's JINA_API_KEY and JINA_ENDPOINT (environment variables are
    // part of the default configuration), as the constructors fall back to the environment.
    private static void ApplyFallbacks(IConfiguration configuration, IJinaConnectionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = configuration[JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable];
        }

        if (options.Endpoint is null && configuration[JinaEmbeddingGeneratorOptions.EndpointEnvironmentVariable] is { Length: > 0 } endpoint)
        {
            options.Endpoint = Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new InvalidOperationException(
                    $"Configuration value {JinaEmbeddingGeneratorOptions.EndpointEnvironmentVariable} is '{endpoint}'; it must be an absolute URI such as {JinaEmbeddingGeneratorOptions.DefaultEndpoint}.");
        }
    }
}
