using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents one document as a <see cref="JinaReranker"/> scored it.</summary>
/// <param name="index">The position of the document in the list passed to the reranker.</param>
/// <param name="relevanceScore">The model's relevance score; higher is more relevant.</param>
/// <param name="text">The document's text, or <see langword="null"/> for an image.</param>
/// <param name="embedding">The model's embedding of the document, when it was asked for.</param>
[Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
public sealed class JinaRerankedDocument(int index, double relevanceScore, string? text, Embedding<float>? embedding = null)
{
    /// <summary>Gets the position of the document in the list passed to the reranker.</summary>
    public int Index { get; } = index;

    /// <summary>Gets the model's relevance score; higher is more relevant, and scores are comparable within one call only.</summary>
    public double RelevanceScore { get; } = relevanceScore;

    /// <summary>Gets the document's text as it was passed (the service is not asked to echo it), or <see langword="null"/> for an image.</summary>
    public string? Text { get; } = text;

    /// <summary>Gets the model's embedding of the document (<see cref="JinaRerankOptions.ReturnEmbeddings"/>), or <see langword="null"/>.</summary>
    public Embedding<float>? Embedding { get; } = embedding;

    /// <inheritdoc/>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Index}] {RelevanceScore:F4}");
}
