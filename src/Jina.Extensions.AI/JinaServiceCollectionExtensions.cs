using System.Globalization;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Provides methods that register a <see cref="JinaEmbeddingGenerator"/> in an <see cref="IServiceCollection"/>.</summary>
/// <remarks>
/// The generator's <see cref="HttpClient"/> comes from <see cref="System.Net.Http.IHttpClientFactory"/> as the named client
/// <see cref="HttpClientName"/>, so handlers (a proxy, logging) can be added to it. The generator itself retries and waits out
/// rate limits; a resilience handler that retries too would multiply attempts, so one added there should come with
/// <c>MaxRetries = 0</c> and <c>MaxRateLimitWait = TimeSpan.Zero</c>. A registered <see cref="TimeProvider"/> is used for
/// retries, timeouts and rate-limit windows unless the options set one. Besides the generator, the query and passage roles are
/// registered as keyed services (see <see cref="GetQueryServiceKey"/>).
/// </remarks>
public static partial class JinaServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the registered generators use.</summary>
    public const string HttpClientName = "Jina";

    /// <summary>Registers a Jina embedding generator as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, plus its query and passage roles.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="lifetime">The lifetime of the generator, singleton unless given.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddJinaEmbeddingGenerator(
        this IServiceCollection services, Action<JinaEmbeddingGeneratorOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        string optionsName = Options.Options.DefaultName;
        AddCore(services, optionsName, configure);
        EmbeddingGeneratorBuilder<string, Embedding<float>> builder =
            services.AddEmbeddingGenerator(sp => CreateGenerator(sp, optionsName), lifetime);

        // The roles wrap the whole pipeline, so a cache inside it sees the task in its key and keeps query and passage vectors apart.
        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(IEmbeddingGenerator<string, Embedding<float>>), GetQueryServiceKey(),
            static (sp, _) => sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().AsQueryGenerator(), lifetime));
        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(IEmbeddingGenerator<string, Embedding<float>>), GetPassageServiceKey(),
            static (sp, _) => sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().AsPassageGenerator(), lifetime));
        return builder;
    }

    /// <summary>Registers a Jina embedding generator as a keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, plus its query and passage roles.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key of the generator.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="lifetime">The lifetime of the generator, singleton unless given.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedJinaEmbeddingGenerator(
        this IServiceCollection services, object serviceKey, Action<JinaEmbeddingGeneratorOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);

        string optionsName = "Jina:" + Convert.ToString(serviceKey, CultureInfo.InvariantCulture);
        AddCore(services, optionsName, configure);
        EmbeddingGeneratorBuilder<string, Embedding<float>> builder =
            services.AddKeyedEmbeddingGenerator(serviceKey, sp => CreateGenerator(sp, optionsName), lifetime);

        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(IEmbeddingGenerator<string, Embedding<float>>), GetQueryServiceKey(serviceKey),
            (sp, _) => sp.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(serviceKey).AsQueryGenerator(), lifetime));
        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(IEmbeddingGenerator<string, Embedding<float>>), GetPassageServiceKey(serviceKey),
            (sp, _) => sp.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(serviceKey).AsPassageGenerator(), lifetime));
        return builder;
    }

    /// <summary>Returns the key of the query role (<c>retrieval.query</c>) registered with a generator.</summary>
    /// <param name="serviceKey">The generator's key, or <see langword="null"/> for the generator registered without one.</param>
    /// <returns><c>jina:retrieval.query</c>, or <c>{serviceKey}:retrieval.query</c> for a keyed generator.</returns>
    public static string GetQueryServiceKey(object? serviceKey = null) => RoleKey(serviceKey, JinaTask.RetrievalQuery);

    /// <summary>Returns the key of the passage role (<c>retrieval.passage</c>) registered with a generator.</summary>
    /// <param name="serviceKey">The generator's key, or <see langword="null"/> for the generator registered without one.</param>
    /// <returns><c>jina:retrieval.passage</c>, or <c>{serviceKey}:retrieval.passage</c> for a keyed generator.</returns>
    public static string GetPassageServiceKey(object? serviceKey = null) => RoleKey(serviceKey, JinaTask.RetrievalPassage);

    private static string RoleKey(object? serviceKey, JinaTask task) =>
        (serviceKey is null ? "jina" : Convert.ToString(serviceKey, CultureInfo.InvariantCulture)) + ":" + task.Value;

    private static void AddCore(IServiceCollection services, string optionsName, Action<JinaEmbeddingGeneratorOptions> configure)
    {
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddOptions<JinaEmbeddingGeneratorOptions>(optionsName).Configure(configure);
    }

    private static JinaEmbeddingGenerator CreateGenerator(IServiceProvider services, string optionsName)
    {
        JinaEmbeddingGeneratorOptions options = services.GetRequiredService<IOptionsMonitor<JinaEmbeddingGeneratorOptions>>().Get(optionsName);
        if (options.TimeProvider is null && services.GetService<TimeProvider>() is { } timeProvider)
        {
            options = options.Clone();
            options.TimeProvider = timeProvider;
        }

        HttpClient httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        return new JinaEmbeddingGenerator(options, httpClient);
    }
}
