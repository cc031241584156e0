namespace Jina.Extensions.AI;

/// <summary>One row of <see cref="JinaModels"/>.</summary>
internal sealed record JinaModelInfo(
    string Id,
    int MaxInputTokens,
    int MaxInputsPerRequest,
    int DefaultDimensions,
    int? MinDimensions,
    int? MaxDimensions,
    bool SupportsTasks,
    bool SupportsLateChunking,
    bool IsV2,
    IReadOnlyList<string>? KnownTasks);
