using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>Qdrant through its MEVD connector.</summary>
/// <remarks>
/// Sources: the connector in CommunityToolkit/AI, MEVD/src/Qdrant (QdrantModelBuilder.cs, QdrantCollection.cs,
/// QdrantCollectionCreateMapping.cs, QdrantFilterTranslator.cs); Microsoft Learn, "Using the Qdrant connector"
/// (learn.microsoft.com/semantic-kernel/concepts/vector-store-connectors/out-of-the-box-connectors/qdrant-connector); Qdrant's
/// documentation on points (qdrant.tech/documentation/concepts/points: ids are unsigned integers or UUIDs; ordering by a payload
/// key needs a payload index that supports ranges) and on payload (qdrant.tech/documentation/concepts/payload).
/// </remarks>
public sealed class QdrantRules : ConnectorRules
{
    public override string Name => "qdrant";

    // QdrantModelBuilder.ValidateKeyProperty: "Key properties must be either ulong or Guid." Qdrant point ids are unsigned
    // integers or UUIDs, so a string key cannot even be mapped.
    public override IReadOnlyList<Type> KeyTypes { get; } = [typeof(ulong), typeof(Guid)];

    // QdrantCollectionCreateMapping.GetSDKDistanceAlgorithm: Cosine (the default), Dot, Euclid, Manhattan.
    public override string DefaultDistanceFunction => DistanceFunction.CosineSimilarity;

    public override IReadOnlyList<string> DistanceFunctions { get; } =
        [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance, DistanceFunction.ManhattanDistance];

    // QdrantModelBuilder.IsDataPropertyTypeValid: string, int, long, double, float, bool, DateTime, DateTimeOffset, DateOnly,
    // or arrays/lists of these.
    public override bool IsDataTypeSupported(Type type) =>
        type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) ||
        type == typeof(bool) || IsDate(type) || IsCollectionOfSupported(type);

    // QdrantCollectionCreateMapping: only Hnsw is accepted as an index kind.
    public override void ValidateVectorProperty(VectorPropertyModel property)
    {
        if (property.IndexKind is not null and not IndexKind.Hnsw)
        {
            throw new NotSupportedException($"Index kind '{property.IndexKind}' is not supported by the Qdrant VectorStore.");
        }
    }

    // QdrantFilterTranslator.GenerateEqual: Match has keyword, integer and boolean (dates as keywords); there is no float match.
    // QdrantFilterTranslator.TranslateComparison: ranges over double, int, long and dates only — and Qdrant answers a range over
    // a string with nothing (payload documentation).
    public override void ValidateComparison(ExpressionType comparison, PropertyModel property, object? value)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        if (comparison is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            if (type == typeof(double) || type == typeof(float))
            {
                throw new NotSupportedException($"Unsupported filter value type '{type.Name}'.");
            }
        }
        else if (!(type == typeof(double) || type == typeof(int) || type == typeof(long) || IsDate(type)))
        {
            throw new NotSupportedException("Comparison expression not supported by Qdrant");
        }
    }

    // QdrantCollection.GetAsync: "Qdrant does not support ordering by more than one property." Qdrant orders a scroll by a
    // payload key only through a payload index that supports ranges (integer, float, datetime); the connector creates payload
    // indexes for IsIndexed properties only.
    public override void ValidateOrderBy(IReadOnlyList<(PropertyModel Property, bool Ascending)> orderBy)
    {
        if (orderBy.Count > 1)
        {
            throw new NotSupportedException("Qdrant does not support ordering by more than one property.");
        }

        if (orderBy.Count == 1)
        {
            var property = orderBy[0].Property;
            var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
            if (property is not DataPropertyModel { IsIndexed: true } || !(IsNumber(type) || IsDate(type)))
            {
                throw Refused($"ordering by '{property.StorageName}' needs a payload index that supports ranges (integer, float or datetime).");
            }
        }
    }
}
