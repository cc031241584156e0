namespace Jina.SemanticKernel.Tests.Connectors;

public sealed class WeaviateIngestionTests : ConnectorIngestionTests<Guid>
{
    protected override ConnectorRules Rules { get; } = new WeaviateRules();

    // Weaviate collection names start with an upper-case letter and hold letters, digits and underscores only.
    protected override string CollectionName(string baseName) =>
        string.Concat(baseName.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    // Weaviate computes distances only.
    protected override string? DistanceFunction => Microsoft.Extensions.VectorData.DistanceFunction.CosineDistance;
}
