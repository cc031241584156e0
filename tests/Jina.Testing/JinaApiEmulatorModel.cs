namespace Jina.Testing;

/// <summary>One model the <see cref="JinaApiEmulator"/> serves, with the request schema the live service validates it against.</summary>
/// <remarks>
/// Every schema takes <c>model</c>, <c>input</c>, <c>embedding_type</c> and <c>truncate</c>; <see cref="Fields"/> lists the
/// others. A request naming any other field is answered 422 <c>extra_forbidden</c>, as the live service does.
/// <see cref="Served"/> is the table of shared/JINA_API.md.
/// </remarks>
public sealed class JinaApiEmulatorModel
{
    private static readonly string[] s_v3Tasks = ["retrieval.query", "retrieval.passage", "text-matching", "classification", "separation"];
    private static readonly string[] s_v4Tasks = ["text-matching", "retrieval.query", "retrieval.passage", "code.query", "code.passage"];
    private static readonly string[] s_v5Tasks = ["retrieval.query", "retrieval.passage", "text-matching", "clustering", "classification"];
    private static readonly string[] s_codeTasks =
    [
        "nl2code.query", "nl2code.passage", "qa.query", "qa.passage", "code2code.query", "code2code.passage",
        "code2nl.query", "code2nl.passage", "code2completion.query", "code2completion.passage",
    ];

    /// <summary>Gets the model id, such as <c>jina-embeddings-v3</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the length of the vectors returned without <c>dimensions</c>; <c>dimensions</c> accepts 1 to this.</summary>
    public required int Dimensions { get; init; }

    /// <summary>Gets the most tokens one input (or one late-chunked request) may have, counting the two special tokens.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Gets the most inputs one request may carry.</summary>
    public int MaxInputs { get; init; } = 2048;

    /// <summary>Gets the fields the schema takes besides <c>model</c>, <c>input</c>, <c>embedding_type</c> and <c>truncate</c>.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Gets the values <c>task</c> accepts (empty when the schema has no <c>task</c>).</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>Gets the input modalities <c>GET /v1/models</c> reports (<c>text</c>, <c>image</c>); a model with <c>image</c> takes <c>{"image"}</c> and <c>{"pdf"}</c> inputs.</summary>
    public IReadOnlyList<string> InputModalities { get; init; } = ["text"];

    /// <summary>Gets the models of shared/JINA_API.md: v2 (en, de, es, zh, code), v3, v4, v5-text-small and -nano, code-embeddings 0.5b and 1.5b, clip-v2.</summary>
    /// <remarks>
    /// Where the evidence is thin the emulator picks a value and says so: v5's fields are what public client code sends, its
    /// task names follow v3's spelling, and the inputs-per-request limit of v5, the code models and clip-v2 is unpublished (2048 here).
    /// </remarks>
    public static IReadOnlyList<JinaApiEmulatorModel> Served { get; } =
    [
        V2("jina-embeddings-v2-base-en"),
        V2("jina-embeddings-v2-base-de"),
        V2("jina-embeddings-v2-base-es"),
        V2("jina-embeddings-v2-base-zh"),
        V2("jina-embeddings-v2-base-code"),
        new()
        {
            Id = "jina-embeddings-v3", Dimensions = 1024, ContextLength = 8192, MaxInputs = 2048,
            Fields = ["task", "dimensions", "late_chunking", "normalized"], Tasks = s_v3Tasks,
        },
        new()
        {
            Id = "jina-embeddings-v4", Dimensions = 2048, ContextLength = 32768, MaxInputs = 512,
            Fields = ["task", "dimensions", "late_chunking", "return_multivector", "return_tokenized_input"], Tasks = s_v4Tasks,
            InputModalities = ["text", "image"],
        },
        new()
        {
            Id = "jina-embeddings-v5-text-small", Dimensions = 1024, ContextLength = 32768,
            Fields = ["task", "dimensions", "normalized"], Tasks = s_v5Tasks,
        },
        new()
        {
            Id = "jina-embeddings-v5-text-nano", Dimensions = 768, ContextLength = 8192,
            Fields = ["task", "dimensions", "normalized"], Tasks = s_v5Tasks,
        },
        new() { Id = "jina-code-embeddings-0.5b", Dimensions = 896, ContextLength = 32768, Fields = ["task", "dimensions"], Tasks = s_codeTasks },
        new() { Id = "jina-code-embeddings-1.5b", Dimensions = 1536, ContextLength = 32768, Fields = ["task", "dimensions"], Tasks = s_codeTasks },
        new()
        {
            Id = "jina-clip-v2", Dimensions = 1024, ContextLength = 8192,
            Fields = ["task", "dimensions", "normalized"], Tasks = ["retrieval.query"], InputModalities = ["text", "image"],
        },
    ];

    /// <summary>Gets a value indicating whether the schema takes <paramref name="field"/>.</summary>
    /// <param name="field">The field name.</param>
    /// <returns><see langword="true"/> for the common fields and the model's own.</returns>
    public bool Takes(string field) => field is "model" or "input" or "embedding_type" or "truncate" || Fields.Contains(field);

    /// <inheritdoc/>
    public override string ToString() => Id;

    private static JinaApiEmulatorModel V2(string id) => new() { Id = id, Dimensions = 768, ContextLength = 8192, MaxInputs = 2048, Fields = ["normalized"] };
}
