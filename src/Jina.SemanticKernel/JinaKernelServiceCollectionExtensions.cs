using Jina.Extensions.AI;
using Jina.SemanticKernel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Provides Semantic Kernel-shaped extension methods that register Jina embedding generators on an <see cref="IServiceCollection"/>.</summary>
public static class JinaKernelServiceCollectionExtensions
{
    /// <summary>Registers a Jina API embedding generator as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, keyed by <paramref name="serviceId"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="modelId">The model, for example <c>jina-embeddings-v3</c>.</param>
    /// <param name="apiKey">The API key; <see langword="null"/> reads the <c>JINA_API_KEY</c> environment variable.</param>
    /// <param name="dimensions">The vector length (Matryoshka truncation, v3: 1 to 1024, trained at 32 to 1024), or <see langword="null"/> for the model's default.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <param name="httpClient">The HTTP client to use, or <see langword="null"/> for one the generator creates; a given client is not disposed.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddJinaEmbeddingGenerator(
        this IServiceCollection services,
        string modelId,
        string? apiKey = null,
        int? dimensions = null,
        string? serviceId = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return services.AddJinaEmbeddingGenerator(
            new JinaEmbeddingGeneratorOptions { ModelId = modelId, ApiKey = apiKey, Dimensions = dimensions },
            serviceId,
            httpClient);
    }

    /// <summary>Registers a Jina API embedding generator built from options as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, keyed by <paramref name="serviceId"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The generator options (API key, endpoint, model, task, dimensions...).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <param name="httpClient">The HTTP client to use, or <see langword="null"/> for one the generator creates; a given client is not disposed.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddJinaEmbeddingGenerator(
        this IServiceCollection services,
        JinaEmbeddingGeneratorOptions options,
        string? serviceId = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        // SK's convention: an HttpClient registered in the container is used when none is given; neither is disposed by the generator.
        var settings = options;
        return services.AddJinaEmbeddingGenerator(
            serviceProvider => new JinaEmbeddingGenerator(settings, httpClient ?? serviceProvider.GetService<HttpClient>()),
            serviceId);
    }

    /// <summary>Registers an embedding generator made by a factory, such as the local ONNX engine, keyed by <paramref name="serviceId"/>.</summary>
    /// <remarks>
    /// This keeps ONNX Runtime out of this package: <c>services.AddJinaEmbeddingGenerator(_ =&gt; new OnnxEmbeddingGenerator())</c>
    /// brings the local engine in only for applications that reference <c>Jina.Extensions.AI.Onnx</c> themselves. The container
    /// disposes the generator with itself. The query and passage roles are registered too, keyed by
    /// <see cref="JinaServiceCollectionExtensions.GetQueryServiceKey"/> and <see cref="JinaServiceCollectionExtensions.GetPassageServiceKey"/>
    /// of <paramref name="serviceId"/>; a model without tasks (jina-embeddings-v2) serves both as it is.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="generatorFactory">Creates the generator, once, from the service provider.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddJinaEmbeddingGenerator(
        this IServiceCollection services,
        Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> generatorFactory,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
            serviceId,
            (serviceProvider, _) => generatorFactory(serviceProvider));

        // The two roles of asymmetric retrieval, under the same keys as JinaServiceCollectionExtensions gives them.
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
            JinaServiceCollectionExtensions.GetQueryServiceKey(serviceId),
            (serviceProvider, _) => JinaGeneratorRoles.ForQuery(serviceProvider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(serviceId)));
        services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
            JinaServiceCollectionExtensions.GetPassageServiceKey(serviceId),
            (serviceProvider, _) => JinaGeneratorRoles.ForPassage(serviceProvider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(serviceId)));
        return services;
    }
}
