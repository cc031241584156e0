using System.Diagnostics.CodeAnalysis;
using Jina.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the <see cref="JinaReranker"/>.</summary>
public static partial class JinaServiceCollectionExtensions
{
    /// <summary>Registers a Jina reranker as <see cref="JinaReranker"/>, sending through the same named <see cref="HttpClient"/> (<see cref="HttpClientName"/>) as the generators.</summary>
    /// <param name="services">The services to add to.</param>
    /// <param name="configure">Sets the reranker's options.</param>
    /// <param name="lifetime">The lifetime of the reranker, singleton unless given.</param>
    /// <returns>The services, for chaining.</returns>
    /// <remarks>
    /// It takes the generators' path: the same named client, options, and clock. A reranker with the generator's key and endpoint
    /// shares its rate limiter; a registered <see cref="TimeProvider"/> is its clock unless the options set one.
    /// </remarks>
    [Experimental(Jina.JinaExperiments.Reranker, UrlFormat = Jina.JinaExperiments.RerankerUrl)]
    public static IServiceCollection AddJinaReranker(
        this IServiceCollection services, Action<JinaRerankerOptions> configure, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        string optionsName = Options.Options.DefaultName;
        AddOptionsAndClient(services, optionsName, configure);
        services.Add(ServiceDescriptor.Describe(
            typeof(JinaReranker),
            sp => new JinaReranker(ResolveOptions<JinaRerankerOptions>(sp, optionsName, o => o.Clone()), CreateHttpClient(sp)),
            lifetime));
        return services;
    }
}
