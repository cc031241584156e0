namespace Jina.Extensions.AI;

/// <summary>What this library knows about Jina's embedding models: one table for request building, validation and capabilities.</summary>
/// <remarks>
/// The rows follow Jina's published OpenAPI description (2026-02) and model pages. jina-embeddings-v5 is newer than that
/// description: its fields are the ones public client code sends, and its task names are not checked here.
/// </remarks>
internal static class JinaModels
{
    public const string DefaultModelId = "jina-embeddings-v3";

    /// <summary>The inputs per request assumed for a model whose limit is unpublished or unknown; a smaller limit the service states is learned.</summary>
    public const int GenericMaxInputsPerRequest = 2048;

    public const int GenericMaxInputTokens = 8192;

    private const JinaModelFields V3Fields = JinaModelFields.Task | JinaModelFields.Dimensions | JinaModelFields.LateChunking | JinaModelFields.Normalized;

    private static readonly string[] s_codeTasks =
    [
        "nl2code.query", "nl2code.passage", "qa.query", "qa.passage", "code2code.query", "code2code.passage",
        "code2nl.query", "code2nl.passage", "code2completion.query", "code2completion.passage",
    ];

    private static readonly JinaModelInfo[] s_rows =
    [
        V2("jina-embeddings-v2-base-en"),
        V2("jina-embeddings-v2-base-de"),
        V2("jina-embeddings-v2-base-es"),
        V2("jina-embeddings-v2-base-zh"),
        V2("jina-embeddings-v2-base-code"),
        new()
        {
            Id = DefaultModelId,
            Fields = V3Fields,

            // In the order of the model's LoRA adapters: a task's index is the task_id its ONNX export takes.
            Tasks = [JinaTask.RetrievalQuery.Value, JinaTask.RetrievalPassage.Value, JinaTask.Separation.Value, JinaTask.Classification.Value, JinaTask.TextMatching.Value],

            // The retrieval adapters were trained with these instructions in front of the text; the service adds them itself.
            Instructions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [JinaTask.RetrievalQuery.Value] = "Represent the query for retrieving evidence documents: ",
                [JinaTask.RetrievalPassage.Value] = "Represent the document for retrieval: ",
            },
            DefaultDimensions = 1024,
            TrainedDimensions = [32, 64, 128, 256, 512, 768, 1024],
            MaxInputTokens = 8192,
            MaxInputsPerRequest = 2048,
        },
        new()
        {
            Id = "jina-embeddings-v4",
            Fields = JinaModelFields.Task | JinaModelFields.Dimensions | JinaModelFields.LateChunking | JinaModelFields.ReturnMultivector | JinaModelFields.ReturnTokenizedInput,
            Tasks = [JinaTask.TextMatching.Value, JinaTask.RetrievalQuery.Value, JinaTask.RetrievalPassage.Value, "code.query", "code.passage"],
            DefaultTask = JinaTask.TextMatching.Value,
            DefaultDimensions = 2048,
            TrainedDimensions = [128, 256, 512, 1024, 2048],
            MaxInputTokens = 32768,
            MaxInputsPerRequest = 512,
            Modalities = JinaModalities.Text | JinaModalities.Image,
        },
        V5("jina-embeddings-v5-text-small", 1024, 32768),
        V5("jina-embeddings-v5-text-nano", 768, 8192),
        Code("jina-code-embeddings-0.5b", 896),
        Code("jina-code-embeddings-1.5b", 1536),
        new()
        {
            Id = "jina-clip-v2",
            Fields = JinaModelFields.Task | JinaModelFields.Dimensions | JinaModelFields.Normalized,
            Tasks = [JinaTask.RetrievalQuery.Value],
            OmittedTask = JinaTask.RetrievalPassage.Value,
            DefaultDimensions = 1024,
            MaxInputTokens = 8192,
            Modalities = JinaModalities.Text | JinaModalities.Image,
        },
    ];

    /// <summary>Gets every model of the table.</summary>
    public static IReadOnlyList<JinaModelInfo> All => s_rows;

    /// <summary>Gets the default model's row.</summary>
    public static JinaModelInfo V3 { get; } = s_rows.Single(r => r.Id == DefaultModelId);

    /// <summary>Returns the model's row, or <see langword="null"/> for a model id this library does not know.</summary>
    public static JinaModelInfo? Find(string modelId)
    {
        foreach (JinaModelInfo row in s_rows)
        {
            if (string.Equals(row.Id, modelId, StringComparison.OrdinalIgnoreCase))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>Returns the capabilities of a model, with the configured overrides and what was learned from the service applied.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="maxInputsPerRequest">The configured or learned inputs-per-request limit, or <see langword="null"/>.</param>
    /// <param name="dimensions">The configured dimensions, or <see langword="null"/>.</param>
    /// <param name="discovered">What <c>GET /v1/models</c> said of a model not in the table, or <see langword="null"/>.</param>
    public static EmbeddingModelCapabilities GetCapabilities(string modelId, int? maxInputsPerRequest, int? dimensions, JinaDiscoveredModel? discovered = null)
    {
        JinaModelInfo? info = Find(modelId);
        if (info is null)
        {
            // An unknown model is allowed; the service's own description is used where it was asked for, the API's generic limits otherwise.
            return new EmbeddingModelCapabilities
            {
                ModelId = modelId,
                MaxInputTokens = discovered?.ContextLength ?? GenericMaxInputTokens,
                MaxInputsPerRequest = maxInputsPerRequest ?? GenericMaxInputsPerRequest,
                DefaultDimensions = dimensions ?? discovered?.MaxOutputLength ?? V3.DefaultDimensions,
                MinDimensions = discovered?.MaxOutputLength is null ? null : 1,
                MaxDimensions = discovered?.MaxOutputLength,
                SupportsTasks = discovered?.SupportsTask ?? true,
                SupportsLateChunking = discovered?.SupportsLateChunking ?? false,
            };
        }

        bool sized = info.Takes(JinaModelFields.Dimensions);
        return new EmbeddingModelCapabilities
        {
            ModelId = info.Id,
            MaxInputTokens = info.MaxInputTokens,
            MaxInputsPerRequest = maxInputsPerRequest ?? info.MaxInputsPerRequest ?? GenericMaxInputsPerRequest,
            DefaultDimensions = dimensions ?? info.DefaultDimensions,
            MinDimensions = sized ? 1 : null,
            MaxDimensions = sized ? info.DefaultDimensions : null,
            SupportsTasks = info.Takes(JinaModelFields.Task),
            SupportsLateChunking = info.Takes(JinaModelFields.LateChunking),
        };
    }

    private static JinaModelInfo V2(string id) => new()
    {
        Id = id,
        Fields = JinaModelFields.Normalized,
        DefaultDimensions = 768,
        MaxInputTokens = 8192,
        MaxInputsPerRequest = 2048,
        IsV2 = true,
    };

    private static JinaModelInfo V5(string id, int dimensions, int context) => new()
    {
        Id = id,
        Fields = JinaModelFields.Task | JinaModelFields.Dimensions | JinaModelFields.Normalized,
        DefaultDimensions = dimensions,
        TrainedDimensions = [.. new[] { 32, 64, 128, 256, 512, 768, 1024 }.Where(d => d <= dimensions)],
        MaxInputTokens = context,
        Unverified = true,
    };

    private static JinaModelInfo Code(string id, int dimensions) => new()
    {
        Id = id,
        Fields = JinaModelFields.Task | JinaModelFields.Dimensions,
        Tasks = s_codeTasks,
        DefaultTask = "nl2code.query",
        DefaultDimensions = dimensions,
        MaxInputTokens = 32768,
    };
}
