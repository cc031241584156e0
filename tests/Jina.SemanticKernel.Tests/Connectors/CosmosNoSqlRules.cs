using System.Text;
using System.Text.Json;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>Azure Cosmos DB for NoSQL through its MEVD connector.</summary>
/// <remarks>
/// Sources: the connector in CommunityToolkit/AI, MEVD/src/AzureCosmosDB (CosmosModelBuilder.cs, CosmosCollection.cs); Azure
/// Cosmos DB "Service quotas" (learn.microsoft.com/azure/cosmos-db/concepts-limits: an id is at most 1,023 bytes; names of
/// databases and containers at most 255 characters); Resource.Id (learn.microsoft.com/dotnet/api/microsoft.azure.documents.resource.id:
/// '/', '\', '?' and '#' cannot be used in an id); "Vector search" (learn.microsoft.com/azure/cosmos-db/nosql/vector-search: a
/// flat index takes at most 505 dimensions, quantizedFlat and diskANN at most 4,096).
/// </remarks>
public sealed class CosmosNoSqlRules : ConnectorRules
{
    private static readonly char[] ForbiddenInIds = ['/', '\\', '?', '#'];

    public override string Name => "azure-cosmos-nosql";

    // CosmosModelBuilder.ValidateKeyProperty: "Key properties must be one of the supported types: string or Guid."
    public override IReadOnlyList<Type> KeyTypes { get; } = [typeof(string), typeof(Guid)];

    // The connector maps records with System.Text.Json and stores the key as the document's "id" (ReservedKeyStorageName).
    public override JsonSerializerOptions? JsonOptions => JsonSerializerOptions.Default;

    public override string? ReservedKeyStorageName => "id";

    // CosmosCollection.GetDistanceFunction: cosine (the default), dotproduct, euclidean.
    public override string DefaultDistanceFunction => DistanceFunction.CosineSimilarity;

    public override IReadOnlyList<string> DistanceFunctions { get; } =
        [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance];

    // CosmosModelBuilder.IsDataPropertyTypeValid.
    public override bool IsDataTypeSupported(Type type) =>
        type == typeof(bool) || type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(float) ||
        type == typeof(double) || IsDate(type) || IsCollectionOfSupported(type);

    // Service quotas: container names at most 255 characters; the same four characters are refused in any resource name.
    public override void ValidateCollectionName(string name)
    {
        if (name.Length is 0 or > 255 || name.IndexOfAny(ForbiddenInIds) >= 0)
        {
            throw Refused($"'{name}' is not a valid container name.");
        }
    }

    // CosmosCollection.GetIndexKind: DiskANN unless Flat or QuantizedFlat is asked for; vector search: flat <= 505 dimensions,
    // quantizedFlat and diskANN <= 4,096.
    public override void ValidateVectorProperty(VectorPropertyModel property)
    {
        int max = property.IndexKind == IndexKind.Flat ? 505 : 4096;
        if (property.Dimensions > max)
        {
            throw Refused($"a {property.IndexKind ?? "DiskAnn"} vector index takes at most {max} dimensions, not {property.Dimensions}.");
        }
    }

    // Resource.Id: '/', '\', '?' and '#' are restricted; service quotas: an id is at most 1,023 bytes.
    public override void ValidateKey(object key)
    {
        string id = key is Guid guid ? guid.ToString() : (string)key;
        if (id.Length == 0 || id.IndexOfAny(ForbiddenInIds) >= 0 || Encoding.UTF8.GetByteCount(id) > 1023)
        {
            throw Refused($"id '{id}' is invalid: ids are at most 1,023 bytes and cannot contain '/', '\\', '?' or '#'.");
        }
    }
}
