using Jina.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the <see cref="JinaReranker"/>.</summary>
public static partial class JinaServiceCollectionExtensions
{
    /// <summary>Registers a Jina reranker as <see cref="JinaReranker"/>, sending through the same named <see cref="HttpClient"/> (<see cref="HttpClientName"/>) as the generators.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the reranker's options.</param>
    /// <param name="lifetime">The lifetime of the reranker, singleton unless given.</param>
    /// <returns>The services, for chaining.</returns>
    /// <remarks>A reranker with the generator's key and endpoint shares its rate limiter; a registered <see cref="TimeProvider"/> is its clock unless the options set one.</remarks>
    public static IServiceCollection AddJinaReranker(
        this IServiceCollection services, Action<JinaRerankerOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddOptions<JinaRerankerOptions>().Configure(configure);
        services.Add(ServiceDescriptor.Describe(typeof(JinaReranker), CreateReranker, lifetime));
        return services;
    }

    private static JinaReranker CreateReranker(IServiceProvider services)
    {
        JinaRerankerOptions options = services.GetRequiredService<IOptions<JinaRerankerOptions>>().Value;
        if (options.TimeProvider is null && services.GetService<TimeProvider>() is { } timeProvider)
        {
            options = options.Clone();
            options.TimeProvider = timeProvider;
        }

        HttpClient httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        return new JinaReranker(options, httpClient);
    }
}
