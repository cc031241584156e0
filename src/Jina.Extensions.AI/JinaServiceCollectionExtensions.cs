using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Provides methods that register a Jina embedding generator, and its query and passage roles, in an <see cref="IServiceCollection"/>.</summary>
/// <remarks>
/// <para>
/// Every registration of this library goes through these methods (the hosting and Semantic Kernel methods are thin wrappers
/// over them): the generator is registered through Microsoft.Extensions.AI's <c>AddEmbeddingGenerator</c>, and the query and
/// passage roles as keyed services (see <see cref="GetQueryServiceKey"/>) built on the whole pipeline, so a cache inside it
/// keeps query and passage vectors apart. A model without tasks (jina-embeddings-v2) serves both roles as it is.
/// </para>
/// <para>
/// The generator's <see cref="HttpClient"/> comes from <see cref="System.Net.Http.IHttpClientFactory"/> as the named client
/// <see cref="HttpClientName"/>, so handlers (a proxy, logging) can be added to it. The generator is the one layer that retries
/// and waits out rate limits; a resilience handler added to that client should come with <c>MaxRetries = 0</c> and
/// <c>MaxRateLimitWait = TimeSpan.Zero</c>, so that attempts do not multiply. A registered <see cref="TimeProvider"/> is the
/// clock of retries, timeouts and rate-limit windows unless the options set one.
/// </para>
/// </remarks>
public static partial class JinaServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the registered generators use.</summary>
    public const string HttpClientName = "Jina";

    /// <summary>Registers a Jina API embedding generator as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, plus its query and passage roles.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="lifetime">The lifetime of the generator and its roles, singleton unless given.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddJinaEmbeddingGenerator(
        this IServiceCollection services, Action<JinaEmbeddingGeneratorOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddApiGenerator(services, serviceKey: null, configure, lifetime);
    }

    /// <summary>Registers a Jina API embedding generator as a keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, plus its query and passage roles.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key of the generator.</param>
    /// <param name="configure">Sets the generator's options.</param>
    /// <param name="lifetime">The lifetime of the generator and its roles, singleton unless given.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedJinaEmbeddingGenerator(
        this IServiceCollection services, object serviceKey, Action<JinaEmbeddingGeneratorOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return AddApiGenerator(services, serviceKey, configure, lifetime);
    }

    /// <summary>Registers an embedding generator made by a factory, such as the local <c>OnnxEmbeddingGenerator</c>, plus its query and passage roles.</summary>
    /// <remarks>The container disposes the generator with itself: <c>services.AddJinaEmbeddingGenerator(_ =&gt; new OnnxEmbeddingGenerator())</c>.</remarks>
    /// <param name="services">The services to add to.</param>
    /// <param name="generatorFactory">Creates the generator from the service provider.</param>
    /// <param name="lifetime">The lifetime of the generator and its roles, singleton unless given.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddJinaEmbeddingGenerator(
        this IServiceCollection services,
        Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> generatorFactory,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        return AddGenerator(services, serviceKey: null, generatorFactory, lifetime);
    }

    /// <summary>Registers an embedding generator made by a factory, such as the local <c>OnnxEmbeddingGenerator</c>, as a keyed service, plus its query and passage roles.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="serviceKey">The key of the generator.</param>
    /// <param name="generatorFactory">Creates the generator from the service provider.</param>
    /// <param name="lifetime">The lifetime of the generator and its roles, singleton unless given.</param>
    /// <returns>A builder to add pipeline stages such as <c>UseLogging()</c>, <c>UseOpenTelemetry()</c> or <c>UseDistributedCache()</c>.</returns>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedJinaEmbeddingGenerator(
        this IServiceCollection services,
        object serviceKey,
        Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> generatorFactory,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        return AddGenerator(services, serviceKey, generatorFactory, lifetime);
    }

    /// <summary>Returns the key of the query role (<c>retrieval.query</c>) registered with a generator.</summary>
    /// <param name="serviceKey">The generator's key, or <see langword="null"/> for the generator registered without one.</param>
    /// <returns><c>jina:retrieval.query</c>, or <c>{serviceKey}:retrieval.query</c> for a keyed generator.</returns>
    public static string GetQueryServiceKey(object? serviceKey = null) => RoleKey(serviceKey, JinaTask.RetrievalQuery);

    /// <summary>Returns the key of the passage role (<c>retrieval.passage</c>) registered with a generator.</summary>
    /// <param name="serviceKey">The generator's key, or <see langword="null"/> for the generator registered without one.</param>
    /// <returns><c>jina:retrieval.passage</c>, or <c>{serviceKey}:retrieval.passage</c> for a keyed generator.</returns>
    public static string GetPassageServiceKey(object? serviceKey = null) => RoleKey(serviceKey, JinaTask.RetrievalPassage);

    /// <summary>Returns the name of the options instance a generator registered with <paramref name="serviceKey"/> reads.</summary>
    internal static string OptionsName(object? serviceKey) =>
        serviceKey is null ? Options.Options.DefaultName : "Jina:" + Convert.ToString(serviceKey, CultureInfo.InvariantCulture);

    private static string RoleKey(object? serviceKey, JinaTask task) =>
        (serviceKey is null ? "jina" : Convert.ToString(serviceKey, CultureInfo.InvariantCulture)) + ":" + task.Value;

    private static EmbeddingGeneratorBuilder<string, Embedding<float>> AddApiGenerator(
        IServiceCollection services, object? serviceKey, Action<JinaEmbeddingGeneratorOptions> configure, ServiceLifetime lifetime)
    {
        string optionsName = OptionsName(serviceKey);
        AddOptionsAndClient(services, optionsName, configure);
        return AddGenerator(
            services,
            serviceKey,
            sp => new JinaEmbeddingGenerator(ResolveOptions<JinaEmbeddingGeneratorOptions>(sp, optionsName, o => o.Clone()), CreateHttpClient(sp)),
            lifetime);
    }

    // What every component that calls the API registers: its named options, and the one named HttpClient, whose own timeout is
    // off because each component times its attempts (RequestTimeout).
    private static void AddOptionsAndClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string optionsName, Action<TOptions> configure)
        where TOptions : class
    {
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddOptions<TOptions>(optionsName).Configure(configure);
    }

    // The one path every registration takes: MEAI's registration of the pipeline, and the two roles on top of it.
    private static EmbeddingGeneratorBuilder<string, Embedding<float>> AddGenerator(
        IServiceCollection services, object? serviceKey, Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> factory, ServiceLifetime lifetime)
    {
        EmbeddingGeneratorBuilder<string, Embedding<float>> builder = serviceKey is null
            ? services.AddEmbeddingGenerator(factory, lifetime)
            : services.AddKeyedEmbeddingGenerator(serviceKey, factory, lifetime);

        // The roles wrap the whole pipeline, so a cache inside it sees the task in its key and keeps query and passage vectors apart.
        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(IEmbeddingGenerator<string, Embedding<float>>), GetQueryServiceKey(serviceKey),
            (sp, _) => Resolve(sp, serviceKey).AsQueryGenerator(), lifetime));
        services.Add(ServiceDescriptor.DescribeKeyed(
            typeof(IEmbeddingGenerator<string, Embedding<float>>), GetPassageServiceKey(serviceKey),
            (sp, _) => Resolve(sp, serviceKey).AsPassageGenerator(), lifetime));
        return builder;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> Resolve(IServiceProvider services, object? serviceKey) =>
        serviceKey is null
            ? services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
            : services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(serviceKey);

    // The options as configured, with the container's TimeProvider as their clock unless they name one.
    private static TOptions ResolveOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceProvider services, string optionsName, Func<TOptions, TOptions> clone)
        where TOptions : class, IJinaConnectionOptions
    {
        TOptions options = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName);
        if (options.TimeProvider is null && services.GetService<TimeProvider>() is { } timeProvider)
        {
            options = clone(options);
            options.TimeProvider = timeProvider;
        }

        return options;
    }

    private static HttpClient CreateHttpClient(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
}
