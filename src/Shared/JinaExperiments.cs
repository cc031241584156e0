namespace Jina;

/// <summary>The diagnostic ids of the public API that is not stable yet (<see cref="System.Diagnostics.CodeAnalysis.ExperimentalAttribute"/>), each with its README section.</summary>
/// <remarks>
/// Compiled into the packages that mark their own API (Jina.Extensions.AI, Jina.VectorData.InMemory, Jina.Agents.AI); the
/// packages that see Jina.Extensions.AI's internals (Jina.SemanticKernel) use its copy, so that no assembly sees two.
/// </remarks>
internal static class JinaExperiments
{
    /// <summary>Jina's reranker: <c>JinaReranker</c>, its options and results, <c>AddJinaReranker</c>, and reranked passage search.</summary>
    public const string Reranker = "JINA001";

    /// <summary>Where <see cref="Reranker"/> is explained.</summary>
    public const string RerankerUrl = ReadmeUrl + "#jina001";

    /// <summary>Image embeddings: <c>JinaImageEmbeddingGenerator</c>, <c>JinaImageIngestor</c> and <c>JinaImage</c>.</summary>
    public const string Images = "JINA002";

    /// <summary>Where <see cref="Images"/> is explained.</summary>
    public const string ImagesUrl = ReadmeUrl + "#jina002";

    /// <summary>The two-stage bit-vector search: <c>SearchWithRescoringAsync</c> and <c>RescoringSearchOptions</c>.</summary>
    public const string Rescoring = "JINA003";

    /// <summary>Where <see cref="Rescoring"/> is explained.</summary>
    public const string RescoringUrl = ReadmeUrl + "#jina003";

    /// <summary>The Microsoft Agent Framework integration: <c>JinaTextSearchProviderExtensions</c>.</summary>
    public const string Agents = "JINA004";

    /// <summary>Where <see cref="Agents"/> is explained.</summary>
    public const string AgentsUrl = ReadmeUrl + "#jina004";

    private const string ReadmeUrl = "https://github.com/jina-dotnet/jina-dotnet/blob/main/README.md";
}
