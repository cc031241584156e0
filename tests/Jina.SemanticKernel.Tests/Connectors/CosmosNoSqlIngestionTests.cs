namespace Jina.SemanticKernel.Tests.Connectors;

public sealed class CosmosNoSqlIngestionTests : ConnectorIngestionTests<string>
{
    protected override ConnectorRules Rules { get; } = new CosmosNoSqlRules();

    protected override string CollectionName(string baseName) => baseName;
}
