using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Sends late-chunked requests past a caching layer of an embedding pipeline, to the provider at its end.</summary>
/// <remarks>
/// A cache keys vectors by input, and a late-chunked vector was pooled in the context of its window: a hit would hand one
/// window a vector pooled in another's. The late chunker and the ingestor both go through <see cref="Bypass"/>, so both
/// reach the same provider or fail with the same message. The key is internal: only this library's providers
/// (<see cref="JinaEmbeddingGenerator"/> and the local ONNX engine) answer it, through <see cref="AnswerProviderKey"/>.
/// </remarks>
internal static class CacheBypass
{
    /// <summary>Gets the key under which this library's providers answer <c>GetService(typeof(IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;), key)</c> with themselves.</summary>
    /// <remarks>Delegating generators pass keyed requests to the generator they wrap, so a pipeline's innermost provider answers it.</remarks>
    public static object ProviderKey { get; } = new ProviderServiceKey();

    /// <summary>Answers a keyed <c>GetService</c> call of a provider: the provider itself when asked for it with <see cref="ProviderKey"/>, otherwise <see langword="null"/>.</summary>
    /// <param name="provider">The provider being asked.</param>
    /// <param name="serviceType">The service type asked for.</param>
    /// <param name="serviceKey">The key asked with.</param>
    public static object? AnswerProviderKey(object provider, Type serviceType, object? serviceKey) =>
        ReferenceEquals(serviceKey, ProviderKey) && serviceType.IsInstanceOfType(provider) ? provider : null;

    /// <summary>Returns <paramref name="generator"/> when its pipeline holds no cache, otherwise the provider at the pipeline's end.</summary>
    /// <param name="generator">The generator or pipeline late-chunked requests are to go through.</param>
    /// <param name="consumer">The public type that takes <paramref name="generator"/>, for the message.</param>
    /// <exception cref="InvalidOperationException">The pipeline caches embeddings and its provider is not one of this library's, so it cannot be reached past the cache.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Bypass(IEmbeddingGenerator<string, Embedding<float>> generator, string consumer)
    {
        if (generator.GetService(typeof(CachingEmbeddingGenerator<string, Embedding<float>>)) is null)
        {
            return generator;
        }

        if (generator.GetService(typeof(IEmbeddingGenerator<string, Embedding<float>>), ProviderKey) is IEmbeddingGenerator<string, Embedding<float>> provider)
        {
            return provider;
        }

        string providerName = generator.GetService<EmbeddingGeneratorMetadata>()?.ProviderName is { Length: > 0 } name ? $" ('{name}')" : string.Empty;
        throw new InvalidOperationException(
            $"The embedding generator given to {consumer} caches embeddings (UseDistributedCache), and late-chunked requests must not " +
            "be answered from a cache: a cached vector was pooled in another window's context. Only JinaEmbeddingGenerator and " +
            $"OnnxEmbeddingGenerator can be reached past a cache, and this pipeline's provider{providerName} is neither. " +
            $"Give {consumer} the generator without its caching layer.");
    }

    private sealed class ProviderServiceKey
    {
        public override string ToString() => "Jina.Extensions.AI.CacheBypass.ProviderKey";
    }
}
