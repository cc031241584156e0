namespace Jina.Extensions.AI;

/// <summary>One row of <see cref="JinaModels"/>: what a model's request schema takes and what it can do.</summary>
internal sealed record JinaModelInfo
{
    /// <summary>Gets the model id as the API spells it.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the fields the schema takes besides <c>model</c>, <c>input</c>, <c>embedding_type</c> and <c>truncate</c>.</summary>
    public required JinaModelFields Fields { get; init; }

    /// <summary>Gets the task names the service accepts, or <see langword="null"/> when they are unverified and any name is sent as given.</summary>
    public IReadOnlyList<string>? Tasks { get; init; }

    /// <summary>Gets the instruction the model reads in front of a text of a task, for the tasks that have one (jina-embeddings-v3's retrieval tasks).</summary>
    public IReadOnlyDictionary<string, string> Instructions { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the task the service applies when none is sent, if it has one.</summary>
    public string? DefaultTask { get; init; }

    /// <summary>Gets the task that means "a document" for a model whose documents take no task (clip-v2): it is left out of the request.</summary>
    public string? OmittedTask { get; init; }

    /// <summary>Gets the length of the vectors returned without <c>dimensions</c>; <c>dimensions</c> accepts 1 to this where the schema has it.</summary>
    public required int DefaultDimensions { get; init; }

    /// <summary>Gets the Matryoshka sizes the model was trained at, where quality is measured (empty when the size is fixed).</summary>
    public IReadOnlyList<int> TrainedDimensions { get; init; } = [];

    /// <summary>Gets the most tokens one input (or one late-chunked request) may have.</summary>
    public required int MaxInputTokens { get; init; }

    /// <summary>Gets the most inputs one request may carry, or <see langword="null"/> where the service has not published it.</summary>
    public int? MaxInputsPerRequest { get; init; }

    /// <summary>Gets the kinds of input the model embeds.</summary>
    public JinaModalities Modalities { get; init; } = JinaModalities.Text;

    /// <summary>Gets a value indicating whether the model is one of the v2 family, which the v3 migration advice applies to.</summary>
    public bool IsV2 { get; init; }

    /// <summary>Gets a value indicating whether the schema is taken from client code rather than from Jina's published spec.</summary>
    public bool Unverified { get; init; }

    /// <summary>Returns a value indicating whether the schema takes <paramref name="field"/>.</summary>
    public bool Takes(JinaModelFields field) => (Fields & field) == field;
}

/// <summary>The optional request fields of <c>POST /v1/embeddings</c>, by the schema that takes them.</summary>
[Flags]
internal enum JinaModelFields
{
    None = 0,
    Task = 1,
    Dimensions = 2,
    LateChunking = 4,
    Normalized = 8,
    ReturnMultivector = 16,
    ReturnTokenizedInput = 32,
}

/// <summary>The kinds of input a model embeds.</summary>
[Flags]
internal enum JinaModalities
{
    Text = 1,
    Image = 2,
}
