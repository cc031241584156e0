using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Microsoft.SemanticKernel;

/// <summary>Provides extension methods that add Jina embedding generators to a Semantic Kernel <see cref="IKernelBuilder"/>.</summary>
public static class JinaKernelBuilderExtensions
{
    /// <summary>Adds a Jina API embedding generator to the kernel's services as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, keyed by <paramref name="serviceId"/>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="modelId">The model, for example <c>jina-embeddings-v3</c>.</param>
    /// <param name="apiKey">The API key; <see langword="null"/> reads the <c>JINA_API_KEY</c> environment variable.</param>
    /// <param name="dimensions">The vector length (Matryoshka truncation, v3: 1 to 1024, trained at 32 to 1024), or <see langword="null"/> for the model's default.</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <param name="httpClient">The HTTP client to use, or <see langword="null"/> for one the generator creates; a given client is not disposed.</param>
    /// <returns>The kernel builder.</returns>
    public static IKernelBuilder AddJinaEmbeddingGenerator(
        this IKernelBuilder builder,
        string modelId,
        string? apiKey = null,
        int? dimensions = null,
        string? serviceId = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddJinaEmbeddingGenerator(modelId, apiKey, dimensions, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds a Jina API embedding generator built from options to the kernel's services, keyed by <paramref name="serviceId"/>.</summary>
    /// <param name="builder">The kernel builder.</param>
    /// <param name="options">The generator options (API key, endpoint, model, task, dimensions...).</param>
    /// <param name="serviceId">The service key, or <see langword="null"/> for the default (unkeyed) registration.</param>
    /// <param name="httpClient">The HTTP client to use, or <see langword="null"/> for one the generator creates; a given client is not disposed.</param>
    /// <returns>The kernel builder.</returns>
    public static IKernelBuilder AddJinaEmbeddingGenerator(
        this IKernelBuilder builder,
        JinaEmbeddingGeneratorOptions options,
        string? serviceId = null,
        HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddJinaEmbeddingGenerator(options, serviceId, httpClient);
        return builder;
    }

    /// <summary>Adds an embedding generator made by a factory, such as the local ONNX engine, to the kernel's services, keyed by <paramref name="serviceId"/>.</summary>
    /// <remarks>Use it for <c>OnnxEmbeddingGenerator</c>: <c>builder.AddJinaEmbeddingGenerator(_ =&gt; new OnnxEmbeddingGenerator())</c>.</remarks>
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
        builder.Services.AddJinaEmbeddingGenerator(generatorFactory, serviceId);
        return builder;
    }
}
