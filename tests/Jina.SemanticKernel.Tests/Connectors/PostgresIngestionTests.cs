namespace Jina.SemanticKernel.Tests.Connectors;

public sealed class PostgresIngestionTests : ConnectorIngestionTests<Guid>
{
    protected override ConnectorRules Rules { get; } = new PostgresRules();

    protected override string CollectionName(string baseName) => baseName;
}
