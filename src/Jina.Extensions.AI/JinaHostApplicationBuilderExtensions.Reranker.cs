using Jina.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registration of the <see cref="JinaReranker"/> from an application's configuration.</summary>
public static partial class JinaHostApplicationBuilderExtensions
{
    /// <summary>Registers a Jina reranker configured from the section the embedding generator reads, and its <c>Reranker</c> subsection.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="sectionName">The configuration section, <c>Jina</c> unless given.</param>
    /// <param name="configure">Adjusts the options after the configuration is read, or <see langword="null"/>.</param>
    /// <returns>The services, for chaining.</returns>
    /// <remarks>
    /// The key, endpoint, rate limits and retries come from the section (<c>ApiKey</c>, <c>Endpoint</c>, <c>MaxConcurrentRequests</c>,
    /// <c>RequestsPerMinute</c>, <c>TokensPerMinute</c>, <c>RateLimitWindow</c>, <c>MaxRateLimitWait</c>, <c>MaxRetries</c>,
    /// <c>RetryBaseDelay</c>, <c>RequestTimeout</c>), so the reranker shares the generator's key and limiter; the subsection
    /// <c>{section}:Reranker</c> sets <c>ModelId</c>, <c>TopN</c>, <c>Truncation</c> and <c>MaxDocumentLength</c> and may override the rest.
    /// Without <c>ApiKey</c> the configuration value <c>JINA_API_KEY</c> is used.
    /// </remarks>
    public static IServiceCollection AddJinaReranker(
        this IHostApplicationBuilder builder, string sectionName = "Jina", Action<JinaRerankerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);

        IConfiguration configuration = builder.Configuration;
        return builder.Services.AddJinaReranker(options =>
        {
            IConfigurationSection section = configuration.GetSection(sectionName);
            IConfigurationSection reranker = section.GetSection("Reranker");
            BindConnection(section, options);
            BindConnection(reranker, options);
            if (reranker[nameof(options.ModelId)] is { Length: > 0 } modelId)
            {
                options.ModelId = modelId;
            }

            options.TopN = ReadInt(reranker, nameof(options.TopN)) ?? options.TopN;
            options.Truncation = ReadBool(reranker, nameof(options.Truncation)) ?? options.Truncation;
            options.MaxDocumentLength = ReadInt(reranker, nameof(options.MaxDocumentLength)) ?? options.MaxDocumentLength;
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = configuration[JinaEmbeddingGeneratorOptions.ApiKeyEnvironmentVariable];
            }

            configure?.Invoke(options);
        });
    }
}
