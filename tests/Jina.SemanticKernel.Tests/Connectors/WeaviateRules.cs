using System.Linq.Expressions;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>Weaviate through its MEVD connector.</summary>
/// <remarks>
/// Sources: the connector in CommunityToolkit/AI, MEVD/src/Weaviate (WeaviateCollection.cs: Guid keys only, collection names;
/// WeaviateModelBuilder.cs: data types, GraphQL names; WeaviateConstants.cs: camelCase JSON names;
/// WeaviateCollectionCreateMapping.cs: distance functions; WeaviateFilterTranslator.cs: no NOT; WeaviateQueryBuilder.cs: sort,
/// limit and offset); Weaviate, "Additional operators" (docs.weaviate.io/weaviate/api/graphql/additional-operators: offset and
/// limit together may not exceed QUERY_MAXIMUM_RESULTS, 10,000 by default).
/// </remarks>
public sealed partial class WeaviateRules : ConnectorRules
{
    // Weaviate v1.7.2 release notes (github.com/weaviate/weaviate/releases/tag/v1.7.2): property names match
    // /[_A-Za-z][_0-9A-Za-z]*/, and id, _id, _additional and meta are restricted.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "id", "_id", "_additional", "meta" };

    public override string Name => "weaviate";

    // WeaviateCollection constructor: "Only Guid key is supported."
    public override IReadOnlyList<Type> KeyTypes { get; } = [typeof(Guid)];

    // WeaviateConstants.s_jsonSerializerOptions: PropertyNamingPolicy = CamelCase, so storage names are camelCase.
    public override JsonSerializerOptions? JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // WeaviateCollectionCreateMapping.MapDistanceFunction: Weaviate computes distances only; cosine similarity is not among them.
    public override string DefaultDistanceFunction => DistanceFunction.CosineDistance;

    public override IReadOnlyList<string> DistanceFunctions { get; } =
    [
        DistanceFunction.CosineDistance, DistanceFunction.NegativeDotProductSimilarity, DistanceFunction.EuclideanSquaredDistance,
        DistanceFunction.HammingDistance, DistanceFunction.ManhattanDistance,
    ];

    // WeaviateModelBuilder.IsDataPropertyTypeValid.
    public override bool IsDataTypeSupported(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(short) ||
        type == typeof(byte) || type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(Guid) ||
        IsDate(type) || IsCollectionOfSupported(type);

    // WeaviateCollection.VerifyCollectionName: an upper-case ASCII letter first, then ASCII letters, digits and underscores.
    public override void ValidateCollectionName(string name)
    {
        if (!CollectionName().IsMatch(name))
        {
            throw new ArgumentException("Collection name must start with an uppercase ASCII letter.", nameof(name));
        }
    }

    // WeaviateModelBuilder.ValidateProperty: storage names must be GraphQL identifiers. Data properties become Weaviate
    // properties, where the restricted names apply; the key is the object's id and vectors are named vectors.
    public override void ValidateStorageName(PropertyModel property)
    {
        if (!GraphQLName().IsMatch(property.StorageName) || (property is DataPropertyModel && Reserved.Contains(property.StorageName)))
        {
            throw new InvalidOperationException($"Property '{property.ModelName}' has storage name '{property.StorageName}', which Weaviate cannot use.");
        }
    }

    // WeaviateFilterTranslator: NOT is translated only over ==, != and a bool property
    // ("Weaviate does not support the NOT operator", github.com/weaviate/weaviate/issues/3683).
    public override void ValidateNot(Expression operand)
    {
        bool translatable = operand is BinaryExpression { NodeType: ExpressionType.Equal or ExpressionType.NotEqual } ||
            (operand is MemberExpression && operand.Type == typeof(bool));
        if (!translatable)
        {
            throw new NotSupportedException("Weaviate does not support the NOT operator (see https://github.com/weaviate/weaviate/issues/3683)");
        }
    }

    // Additional operators: offset + limit may not exceed QUERY_MAXIMUM_RESULTS (10,000 unless the server is configured otherwise).
    public override void ValidatePage(int top, int skip)
    {
        if ((long)top + skip > 10_000)
        {
            throw Refused($"query maximum results exceeded: offset {skip} + limit {top} is more than QUERY_MAXIMUM_RESULTS (10000).");
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9_]*$")]
    private static partial Regex CollectionName();

    [GeneratedRegex("^[_A-Za-z][_0-9A-Za-z]*$")]
    private static partial Regex GraphQLName();
}
