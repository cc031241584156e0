using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI;

/// <summary>Represents the documents a <see cref="JinaReranker"/> ranked, most relevant first.</summary>
[Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
public sealed class JinaRerankResult : IReadOnlyList<JinaRerankedDocument>
{
    private readonly JinaRerankedDocument[] _documents;

    /// <summary>Initializes a new instance of the <see cref="JinaRerankResult"/> class.</summary>
    /// <param name="documents">The ranked documents, most relevant first.</param>
    /// <param name="modelId">The model that ranked them.</param>
    /// <param name="usage">The tokens the call used, or <see langword="null"/> when the service did not say.</param>
    public JinaRerankResult(IEnumerable<JinaRerankedDocument> documents, string? modelId = null, UsageDetails? usage = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _documents = [.. documents];
        ModelId = modelId;
        Usage = usage;
    }

    /// <summary>Gets the model that ranked the documents.</summary>
    public string? ModelId { get; }

    /// <summary>Gets the tokens the call used, or <see langword="null"/> when the service did not say.</summary>
    public UsageDetails? Usage { get; }

    /// <inheritdoc/>
    public int Count => _documents.Length;

    /// <inheritdoc/>
    public JinaRerankedDocument this[int index] => _documents[index];

    /// <inheritdoc/>
    public IEnumerator<JinaRerankedDocument> GetEnumerator() => ((IEnumerable<JinaRerankedDocument>)_documents).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => _documents.GetEnumerator();
}
