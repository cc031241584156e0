namespace Jina.Extensions.AI;

/// <summary>What <c>GET /v1/models</c> says of one model: its context, its largest output and what it takes.</summary>
internal sealed record JinaDiscoveredModel(string Id, int? ContextLength, int? MaxOutputLength, IReadOnlyList<string>? InputModalities, IReadOnlyList<string>? SupportedFeatures)
{
    /// <summary>Gets whether the model takes a task, or <see langword="null"/> when the service did not list its features.</summary>
    public bool? SupportsTask => SupportedFeatures?.Contains("task", StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets whether the model does late chunking, or <see langword="null"/> when the service did not list its features.</summary>
    public bool? SupportsLateChunking => SupportedFeatures?.Contains("late_chunking", StringComparer.OrdinalIgnoreCase);
}
