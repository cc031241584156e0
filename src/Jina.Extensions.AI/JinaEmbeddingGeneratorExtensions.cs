using Jina.Extensions.AI;

namespace Microsoft.Extensions.AI;

/// <summary>Provides the two roles of asymmetric retrieval on top of any embedding generator of this library.</summary>
public static class JinaEmbeddingGeneratorExtensions
{
    /// <summary>Returns a generator that embeds every input as a search query (<see cref="JinaTask.RetrievalQuery"/>).</summary>
    /// <remarks>A model without tasks (jina-embeddings-v2) embeds queries and passages alike, so its generator is returned as it is.</remarks>
    /// <param name="generator">The generator to wrap.</param>
    /// <returns>A generator with the query task fixed, or <paramref name="generator"/> when its model takes no task.</returns>
    public static IEmbeddingGenerator<string, Embedding<float>> AsQueryGenerator(this IEmbeddingGenerator<string, Embedding<float>> generator) =>
        AsRole(generator, JinaTask.RetrievalQuery);

    /// <summary>Returns a generator that embeds every input as an indexed document (<see cref="JinaTask.RetrievalPassage"/>).</summary>
    /// <remarks>A model without tasks (jina-embeddings-v2) embeds queries and passages alike, so its generator is returned as it is.</remarks>
    /// <param name="generator">The generator to wrap.</param>
    /// <returns>A generator with the passage task fixed, or <paramref name="generator"/> when its model takes no task.</returns>
    public static IEmbeddingGenerator<string, Embedding<float>> AsPassageGenerator(this IEmbeddingGenerator<string, Embedding<float>> generator) =>
        AsRole(generator, JinaTask.RetrievalPassage);

    /// <summary>Returns a generator that applies <paramref name="task"/> to every call, replacing any task a call sets.</summary>
    /// <param name="generator">The generator to wrap.</param>
    /// <param name="task">The task to fix.</param>
    /// <returns>A generator with the task fixed.</returns>
    public static IEmbeddingGenerator<string, Embedding<float>> WithJinaTask(this IEmbeddingGenerator<string, Embedding<float>> generator, JinaTask task)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (string.IsNullOrEmpty(task.Value))
        {
            throw new ArgumentException("The task is empty; use one of the JinaTask properties or new JinaTask(\"name\").", nameof(task));
        }

        // ConfigureOptions clones the caller's options before the callback, so the caller's instance is never changed.
        return generator.AsBuilder().ConfigureOptions(options => options.WithJinaTask(task)).Build();
    }

    // A role is a task only where the model has tasks; a generator that says nothing about its model is assumed to take them,
    // as jina-embeddings-v3 (the default) does.
    private static IEmbeddingGenerator<string, Embedding<float>> AsRole(IEmbeddingGenerator<string, Embedding<float>> generator, JinaTask task)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GetService<EmbeddingModelCapabilities>() is { SupportsTasks: false } ? generator : generator.WithJinaTask(task);
    }
}
