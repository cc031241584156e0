namespace Jina.Extensions.AI;

/// <summary>What this library knows about Jina's reranker models: the fields each request schema takes, what each ranks, and its limits.</summary>
/// <remarks>
/// The rows follow shared/JINA_API.md (Jina's OpenAPI description of 2026-02 and the model pages). Every schema takes
/// <c>model</c>, <c>query</c>, <c>documents</c>, <c>top_n</c>, <c>return_documents</c> and <c>truncation</c>. The service
/// publishes no limit on the documents of one request; 2048 (the embeddings endpoint's input list) is assumed, and a model
/// not in the table is sent what the caller asked for.
/// </remarks>
internal static class JinaRerankerModels
{
    public const string DefaultModelId = "jina-reranker-v3";

    /// <summary>The documents per request assumed where the service publishes no limit.</summary>
    public const int MaxDocuments = 2048;

    /// <summary>The range of jina-reranker-v3's <c>max_doc_length</c> (tokens kept of each document).</summary>
    public const int MaxDocLengthLimit = 8192;

    private static readonly JinaRerankerModelInfo[] s_rows =
    [
        new()
        {
            Id = DefaultModelId,
            Fields = JinaRerankerFields.MaxDocLength | JinaRerankerFields.ReturnEmbeddings,
            ContextLength = 131_072,
            Listwise = true,
        },
        new() { Id = "jina-reranker-m0", ContextLength = 10_240, Modalities = JinaModalities.Text | JinaModalities.Image },
        new() { Id = "jina-reranker-v2-base-multilingual", ContextLength = 1024 },
        new() { Id = "jina-colbert-v2", ContextLength = 8192 },
    ];

    /// <summary>Gets every model of the table.</summary>
    public static IReadOnlyList<JinaRerankerModelInfo> All => s_rows;

    /// <summary>Returns the model's row, or <see langword="null"/> for a model id this library does not know.</summary>
    public static JinaRerankerModelInfo? Find(string modelId) =>
        Array.Find(s_rows, row => string.Equals(row.Id, modelId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One row of <see cref="JinaRerankerModels"/>.</summary>
internal sealed record JinaRerankerModelInfo
{
    /// <summary>Gets the model id as the API spells it.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the fields the schema takes besides the ones every reranker takes.</summary>
    public JinaRerankerFields Fields { get; init; }

    /// <summary>Gets the kinds of document the model ranks.</summary>
    public JinaModalities Modalities { get; init; } = JinaModalities.Text;

    /// <summary>Gets the tokens the model sees at once: the query with one document, or for a listwise model the query with all of them.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Gets a value indicating whether the model ranks all documents in one context (jina-reranker-v3) rather than each with the query alone.</summary>
    public bool Listwise { get; init; }

    /// <summary>Returns a value indicating whether the schema takes <paramref name="field"/>.</summary>
    public bool Takes(JinaRerankerFields field) => (Fields & field) == field;
}

/// <summary>The optional fields of <c>POST /v1/rerank</c> only some schemas take.</summary>
[Flags]
internal enum JinaRerankerFields
{
    None = 0,
    MaxDocLength = 1,
    ReturnEmbeddings = 2,
}
