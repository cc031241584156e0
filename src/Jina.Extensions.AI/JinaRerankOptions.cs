using System.Diagnostics.CodeAnalysis;

namespace Jina.Extensions.AI;

/// <summary>Represents the settings of one <see cref="JinaReranker.RerankAsync(string, IEnumerable{string}, JinaRerankOptions?, CancellationToken)"/> call; each overrides the reranker's default when set.</summary>
[Experimental(JinaExperiments.Reranker, UrlFormat = JinaExperiments.RerankerUrl)]
public sealed class JinaRerankOptions
{
    /// <summary>Gets or sets the model for this call, or <see langword="null"/> for the reranker's.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets how many of the best documents to return (<c>top_n</c>), or <see langword="null"/> for the reranker's default.</summary>
    public int? TopN { get; set; }

    /// <summary>Gets or sets a value indicating whether the service cuts a query or document past the model's context instead of failing (<c>truncation</c>).</summary>
    public bool? Truncation { get; set; }

    /// <summary>Gets or sets the tokens kept of each document (<c>max_doc_length</c>, 1 to 8192); jina-reranker-v3 only.</summary>
    public int? MaxDocumentLength { get; set; }

    /// <summary>Gets or sets a value indicating whether each result carries the model's embedding of its document (<c>return_embeddings</c>); jina-reranker-v3 only.</summary>
    public bool? ReturnEmbeddings { get; set; }
}
