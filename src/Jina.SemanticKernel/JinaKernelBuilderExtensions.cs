using Jina.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.SemanticKernel;

/// <summary>Provides extension methods that add Jina embedding generators to a Semantic Kernel <see cref="IKernelBuilder"/>.</summary>
/// <remarks>
/// They are thin wrappers over <see cref="JinaServiceCollectionExtensions"/>: the same registration, the same named
/// <see cref="HttpClient"/> (<see cref="JinaServiceCollectionExtensions.HttpClientName"/>), and the same query and passage roles,
/// keyed by <see cref="JinaServiceCollectionExtensions.GetQueryServiceKey"/> and <see cref="JinaServiceCollectionExtensions.GetPassageServiceKey"/>
/// of the service id. The generators are singletons, as Semantic Kernel's own are.
/// </remarks>
public static class JinaKernelBuilderExtensions
{
    /// <summary>Adds a Jina API embedding generator to the kernel's services as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, keyed by <paramref name="serviceId"/>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model, for example <c>jina-embeddings-v3</c>.</param>
    /// <param name="apiKey">The API key; <see langword="null"/> reads the <c>JINA_API_KEY</c> environment variable.</param>
    /// <param name="dimensions">The vector length (Matryoshka truncation, v3: 1 to 1024, trained at 32 to 1024), or <see langword="null"/> for the model's default.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <returns>The kernel builder.</returns>
    public static IKernelBuilder AddJinaEmbeddingGenerator(
        this IKernelBuilder builder,
        string modelId,
        string? apiKey = null,
        int? dimensions = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return builder.AddJinaEmbeddingGenerator(
            options =>
            {
                options.ModelId = modelId;
                options.ApiKey = apiKey;
                options.Dimensions = dimensions;
            },
            serviceId);
    }

    /// <summary>Adds a Jina API embedding generator configured by <paramref name="configure"/> to the kernel's services, keyed by <paramref name="serviceId"/>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="configure">Sets the generator's options (API key, endpoint, model, task, dimensions...).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <returns>The kernel builder.</returns>
    public static IKernelBuilder AddJinaEmbeddingGenerator(
        this IKernelBuilder builder,
        Action<JinaEmbeddingGeneratorOptions> configure,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        if (serviceId is null)
        {
            builder.Services.AddJinaEmbeddingGenerator(configure);
        }
        else
        {
            builder.Services.AddKeyedJinaEmbeddingGenerator(serviceId, configure);
        }

        return builder;
    }

    /// <summary>Adds an embedding generator made by a factory, such as the local ONNX engine, to the kernel's services, keyed by <paramref name="serviceId"/>.</summary>
    /// <remarks>
    /// Use it for <c>OnnxEmbeddingGenerator</c>: <c>builder.AddJinaEmbeddingGenerator(_ =&gt; new OnnxEmbeddingGenerator())</c>; this
    /// package never pulls in ONNX Runtime itself. The container disposes the generator with itself.
    /// </remarks>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="generatorFactory">Creates the generator, once, from the service provider.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <returns>The kernel builder.</returns>
    public static IKernelBuilder AddJinaEmbeddingGenerator(
        this IKernelBuilder builder,
        Func<IServiceProvider, IEmbeddingGenerator<string, Embedding<float>>> generatorFactory,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(generatorFactory);
        if (serviceId is null)
        {
            builder.Services.AddJinaEmbeddingGenerator(generatorFactory);
        }
        else
        {
            builder.Services.AddKeyedJinaEmbeddingGenerator(serviceId, generatorFactory);
        }

        return builder;
    }
}
