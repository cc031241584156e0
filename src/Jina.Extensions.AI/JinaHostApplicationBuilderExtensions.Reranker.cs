using System.Diagnostics.CodeAnalysis;
using Jina.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
    /// Without <c>ApiKey</c> the configuration value <c>JINA_API_KEY</c> is used, and without <c>Endpoint</c> <c>JINA_ENDPOINT</c>.
    /// Both are bound by the configuration-binding source generator and validated when the host starts, naming a failing setting.
    /// </remarks>
    [Experimental(Jina.JinaExperiments.Reranker, UrlFormat = Jina.JinaExperiments.RerankerUrl)]
    public static IServiceCollection AddJinaReranker(
        this IHostApplicationBuilder builder, string sectionName = "Jina", Action<JinaRerankerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);

        IConfiguration configuration = builder.Configuration;
        IConfigurationSection section = configuration.GetSection(sectionName);
        IConfigurationSection reranker = section.GetSection("Reranker");
        string optionsName = Options.Options.DefaultName;
        builder.Services.AddOptions<JinaRerankerOptions>(optionsName)
            .Bind(section)
            .Configure(options =>
            {
                // The section's ModelId names the embedding model; the reranker's comes from its own subsection only.
                options.ModelId = JinaRerankerOptions.DefaultModelId;
            })
            .Bind(reranker)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JinaRerankerOptions>>(
            new JinaOptionsValidator<JinaRerankerOptions>(optionsName, RerankerSettingPath, JinaReranker.FindInvalidSettings)));

        // A setting is named where it was read: the reranker's own in its subsection, a shared one where it was set.
        string RerankerSettingPath(string setting) =>
            setting is nameof(JinaRerankerOptions.ModelId) or nameof(JinaRerankerOptions.TopN) or nameof(JinaRerankerOptions.MaxDocumentLength) || reranker[setting] is not null
                ? $"{reranker.Path}:{setting}"
                : $"{section.Path}:{setting}";

        return builder.Services.AddJinaReranker(options =>
        {
            ApplyFallbacks(configuration, options);
            configure?.Invoke(options);
        });
    }
}
