namespace Jina.SemanticKernel.Tests.Connectors;

public sealed class QdrantIngestionTests : ConnectorIngestionTests<Guid>
{
    protected override ConnectorRules Rules { get; } = new QdrantRules();

    protected override string CollectionName(string baseName) => baseName;
}
