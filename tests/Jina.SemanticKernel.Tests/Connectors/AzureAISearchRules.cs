using System.Text.RegularExpressions;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>Azure AI Search through its MEVD connector.</summary>
/// <remarks>
/// Sources: the connector in CommunityToolkit/AI, MEVD/src/AzureAISearch (AzureAISearchCollection.cs,
/// AzureAISearchModelBuilder.cs, AzureAISearchCollectionCreateMapping.cs, AzureAISearchFilterTranslator.cs); Azure AI Search,
/// "Naming rules" (learn.microsoft.com/rest/api/searchservice/naming-rules) for index, field and document key names; "OData
/// $filter syntax" and "$orderby" (learn.microsoft.com/azure/search/search-query-odata-filter, .../search-query-odata-orderby):
/// only filterable fields can be filtered and only sortable fields ordered; "Search Documents" (skip cannot exceed 100,000).
/// </remarks>
public sealed partial class AzureAISearchRules : ConnectorRules
{
    public override string Name => "azure-ai-search";

    // AzureAISearchCollection constructor: "Only string and Guid keys are supported." (Guid keys travel as strings.)
    public override IReadOnlyList<Type> KeyTypes { get; } = [typeof(string), typeof(Guid)];

    // AzureAISearchCollectionCreateMapping.GetSDKDistanceAlgorithm: cosine (the default), dotProduct, euclidean.
    public override string DefaultDistanceFunction => DistanceFunction.CosineSimilarity;

    public override IReadOnlyList<string> DistanceFunctions { get; } =
        [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance];

    // AzureAISearchModelBuilder.IsDataPropertyTypeValidCore.
    public override bool IsDataTypeSupported(Type type) =>
        type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) ||
        type == typeof(bool) || IsDate(type) || IsCollectionOfSupported(type);

    // Naming rules, "Index": 2-128 characters, lower-case letters, digits, '-' and '_', first a letter or digit, no consecutive
    // dashes or underscores.
    public override void ValidateCollectionName(string name)
    {
        if (name.Length is < 2 or > 128 || !IndexName().IsMatch(name) || name.Contains("--", StringComparison.Ordinal) || name.Contains("__", StringComparison.Ordinal))
        {
            throw Refused($"'{name}' is not a valid index name: 2-128 lower-case letters, digits, dashes and underscores, starting with a letter or digit.");
        }
    }

    // Naming rules, "Field": 1-128 letters, digits and underscores, first a letter, not starting with "azureSearch".
    public override void ValidateStorageName(PropertyModel property)
    {
        if (!FieldName().IsMatch(property.StorageName) || property.StorageName.StartsWith("azureSearch", StringComparison.Ordinal))
        {
            throw Refused($"'{property.StorageName}' is not a valid field name.");
        }
    }

    // Naming rules, "Document key": up to 1,024 letters, digits, '-', '_' and '='; the first character cannot be '_'.
    public override void ValidateKey(object key)
    {
        string text = key is Guid guid ? guid.ToString() : (string)key;
        if (text.Length is 0 or > 1024 || !DocumentKey().IsMatch(text) || text[0] == '_')
        {
            throw Refused($"document key '{text}' is invalid: keys may contain only letters, digits, '-', '_' and '=' and cannot start with '_'.");
        }
    }

    // AzureAISearchCollectionCreateMapping.MapDataField: IsFilterable = IsIndexed (the key field is always filterable); the
    // service refuses a $filter on a field that is not filterable.
    public override void ValidateFilterProperty(PropertyModel property)
    {
        if (property is DataPropertyModel { IsIndexed: false })
        {
            throw Refused($"field '{property.StorageName}' is not filterable; mark it IsIndexed.");
        }
    }

    // MapDataField: IsSortable = IsIndexed and not a collection; the key field is a SearchableField, not sortable. The service
    // refuses $orderby on a field that is not sortable.
    public override void ValidateOrderBy(IReadOnlyList<(PropertyModel Property, bool Ascending)> orderBy)
    {
        foreach (var (property, _) in orderBy)
        {
            bool collection = property.Type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.Type);
            if (property is not DataPropertyModel { IsIndexed: true } || collection)
            {
                throw Refused($"field '{property.StorageName}' is not sortable.");
            }
        }
    }

    // Search Documents: "skip ... cannot be greater than 100,000".
    public override void ValidatePage(int top, int skip)
    {
        if (skip > 100_000)
        {
            throw Refused("$skip cannot be greater than 100,000.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex IndexName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex FieldName();

    [GeneratedRegex("^[A-Za-z0-9_=-]+$")]
    private static partial Regex DocumentKey();
}
