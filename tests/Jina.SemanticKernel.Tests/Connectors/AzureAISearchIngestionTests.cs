namespace Jina.SemanticKernel.Tests.Connectors;

public sealed class AzureAISearchIngestionTests : ConnectorIngestionTests<string>
{
    protected override ConnectorRules Rules { get; } = new AzureAISearchRules();

    protected override string CollectionName(string baseName) => baseName;
}
