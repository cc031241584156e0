namespace Jina.Testing;

/// <summary>One reranker the <see cref="JinaApiEmulator"/> serves at <c>POST /v1/rerank</c>, with the request schema the live service validates it against.</summary>
/// <remarks>
/// Every schema takes <c>model</c>, <c>query</c>, <c>documents</c>, <c>top_n</c>, <c>return_documents</c> and
/// <c>truncation</c> (not <c>truncate</c>, the embeddings endpoint's spelling); <see cref="Fields"/> lists the others. A request
/// naming any other field is answered 422 <c>extra_forbidden</c>. <see cref="Served"/> is the list of shared/JINA_API.md.
/// </remarks>
public sealed class JinaApiEmulatorRerankerModel
{
    /// <summary>Gets the model id, such as <c>jina-reranker-v3</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the tokens the model sees at once: the query with one document, or for a listwise model the query with every document.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Gets a value indicating whether the model ranks all documents in one context (jina-reranker-v3) instead of each with the query alone.</summary>
    public bool Listwise { get; init; }

    /// <summary>Gets a value indicating whether documents may be images (<c>{"image": URL or base64}</c>).</summary>
    public bool AcceptsImages { get; init; }

    /// <summary>Gets the most documents one request may carry; the live limit is unpublished, so the emulator takes the embeddings endpoint's 2048.</summary>
    public int MaxDocuments { get; init; } = 2048;

    /// <summary>Gets the length of the document embeddings <c>return_embeddings</c> returns (jina-reranker-v3: 256), or 0 where the schema lacks the field.</summary>
    public int EmbeddingDimensions { get; init; }

    /// <summary>Gets the fields the schema takes besides the ones every reranker takes.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Gets the rerankers of shared/JINA_API.md: jina-reranker-v3, -m0, -v2-base-multilingual and jina-colbert-v2.</summary>
    /// <remarks>
    /// Context lengths follow the model pages (v3: 131,072 tokens shared by the query and all documents, each document cut to
    /// <c>max_doc_length</c>, 2048 unless sent; m0: 10,240; v2-base-multilingual: 1024 for the query with one document;
    /// colbert-v2: 8192). jina-colbert-v2's rerank schema is not in the published description: the common fields are assumed.
    /// </remarks>
    public static IReadOnlyList<JinaApiEmulatorRerankerModel> Served { get; } =
    [
        new() { Id = "jina-reranker-v3", ContextLength = 131_072, Listwise = true, EmbeddingDimensions = 256, Fields = ["max_doc_length", "return_embeddings"] },
        new() { Id = "jina-reranker-m0", ContextLength = 10_240, AcceptsImages = true },
        new() { Id = "jina-reranker-v2-base-multilingual", ContextLength = 1024 },
        new() { Id = "jina-colbert-v2", ContextLength = 8192 },
    ];

    /// <summary>Gets a value indicating whether the schema takes <paramref name="field"/>.</summary>
    /// <param name="field">The field name.</param>
    /// <returns><see langword="true"/> for the common fields and the model's own.</returns>
    public bool Takes(string field) =>
        field is "model" or "query" or "documents" or "top_n" or "return_documents" or "truncation" || Fields.Contains(field);

    /// <inheritdoc/>
    public override string ToString() => Id;
}
