using Jina.Extensions.AI;
using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel;

/// <summary>Gives a generator a role of asymmetric retrieval without assuming the model takes tasks.</summary>
internal static class JinaGeneratorRoles
{
    /// <summary>Returns a generator that embeds with <c>retrieval.query</c>, or the generator itself when its model has no tasks (v2).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForQuery(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        TakesTasks(generator) ? generator.AsQueryGenerator() : generator;

    /// <summary>Returns a generator that embeds with <c>retrieval.passage</c>, or the generator itself when its model has no tasks (v2).</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForPassage(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        TakesTasks(generator) ? generator.AsPassageGenerator() : generator;

    /// <summary>Returns the task stored vectors are stamped with: <c>retrieval.passage</c>, or <see langword="null"/> for a model without tasks.</summary>
    public static string? PassageTask(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        TakesTasks(generator) ? JinaTask.RetrievalPassage.Value : null;

    // A generator that says nothing about its model is assumed to take tasks, as jina-embeddings-v3 (the default) does.
    private static bool TakesTasks(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        generator.GetService<EmbeddingModelCapabilities>()?.SupportsTasks ?? true;
}
