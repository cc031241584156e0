namespace Jina.Extensions.AI;

/// <summary>What this library knows about Jina's embedding models: one table shared by validation and capabilities.</summary>
internal static class JinaModels
{
    public const string DefaultModelId = "jina-embeddings-v3";

    /// <summary>The limits used for a model id this library does not know: the API's generic limits.</summary>
    public const int GenericMaxInputsPerRequest = 2048;

    public const int GenericMaxInputTokens = 8192;

    private static readonly string[] s_v3Tasks =
        [JinaTask.RetrievalQuery.Value, JinaTask.RetrievalPassage.Value, JinaTask.Separation.Value, JinaTask.Classification.Value, JinaTask.TextMatching.Value];

    public static JinaModelInfo V3 { get; } = new(DefaultModelId, 8192, 2048, 1024, 32, 1024, SupportsTasks: true, SupportsLateChunking: true, IsV2: false, s_v3Tasks);

    public static JinaModelInfo V4 { get; } = new("jina-embeddings-v4", 32768, 512, 2048, 128, 2048, SupportsTasks: true, SupportsLateChunking: true, IsV2: false, KnownTasks: null);

    /// <summary>Returns the model's entry, or <see langword="null"/> for a model id this library does not know.</summary>
    public static JinaModelInfo? Find(string modelId)
    {
        if (string.Equals(modelId, V3.Id, StringComparison.OrdinalIgnoreCase))
        {
            return V3;
        }

        if (string.Equals(modelId, V4.Id, StringComparison.OrdinalIgnoreCase))
        {
            return V4;
        }

        if (modelId.StartsWith("jina-embeddings-v2-", StringComparison.OrdinalIgnoreCase))
        {
            int dimensions = modelId.Contains("small", StringComparison.OrdinalIgnoreCase) ? 512 : 768;
            return new(modelId, 8192, 2048, dimensions, null, null, SupportsTasks: false, SupportsLateChunking: false, IsV2: true, KnownTasks: null);
        }

        return null;
    }

    /// <summary>Returns the capabilities of a model, with the configured overrides applied.</summary>
    public static EmbeddingModelCapabilities GetCapabilities(string modelId, int? maxInputsPerRequest, int? dimensions)
    {
        JinaModelInfo? info = Find(modelId);
        if (info is null)
        {
            // An unknown model is allowed; report the API's generic limits and let the service decide the rest.
            return new EmbeddingModelCapabilities
            {
                ModelId = modelId,
                MaxInputTokens = GenericMaxInputTokens,
                MaxInputsPerRequest = maxInputsPerRequest ?? GenericMaxInputsPerRequest,
                DefaultDimensions = dimensions ?? V3.DefaultDimensions,
                SupportsTasks = true,
                SupportsLateChunking = false,
            };
        }

        return new EmbeddingModelCapabilities
        {
            ModelId = info.Id,
            MaxInputTokens = info.MaxInputTokens,
            MaxInputsPerRequest = maxInputsPerRequest ?? info.MaxInputsPerRequest,
            DefaultDimensions = dimensions ?? info.DefaultDimensions,
            MinDimensions = info.MinDimensions,
            MaxDimensions = info.MaxDimensions,
            SupportsTasks = info.SupportsTasks,
            SupportsLateChunking = info.SupportsLateChunking,
        };
    }
}
