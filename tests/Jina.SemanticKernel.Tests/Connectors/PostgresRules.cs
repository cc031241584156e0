using System.Text;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>PostgreSQL with pgvector through its MEVD connector.</summary>
/// <remarks>
/// Sources: the connector in CommunityToolkit/AI, MEVD/src/PgVector (PostgresModelBuilder.cs: key and data types;
/// PostgresConstants.cs: Flat by default, an HNSW index takes at most 2,000 dimensions; PostgresSqlBuilder.cs: operator classes
/// per distance function); PostgreSQL, "Lexical Structure" (postgresql.org/docs/current/sql-syntax-lexical.html: identifiers
/// longer than 63 bytes are truncated, so two long names can become one) and "Character Types"
/// (postgresql.org/docs/current/datatype-character.html: the character with code zero cannot be stored in text).
/// </remarks>
public sealed class PostgresRules : ConnectorRules
{
    public override string Name => "postgresql";

    // PostgresModelBuilder.ValidateKeyProperty: short, int, long, string, Guid.
    public override IReadOnlyList<Type> KeyTypes { get; } = [typeof(short), typeof(int), typeof(long), typeof(string), typeof(Guid)];

    // PostgresConstants.DefaultDistanceFunction and PostgresSqlBuilder's operator classes.
    public override string DefaultDistanceFunction => DistanceFunction.CosineDistance;

    public override IReadOnlyList<string> DistanceFunctions { get; } =
    [
        DistanceFunction.CosineDistance, DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity,
        DistanceFunction.EuclideanDistance, DistanceFunction.ManhattanDistance,
    ];

    // PostgresModelBuilder.IsDataPropertyTypeValid.
    public override bool IsDataTypeSupported(Type type) =>
        type == typeof(bool) || type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(float) ||
        type == typeof(double) || type == typeof(decimal) || type == typeof(string) || type == typeof(byte[]) || type == typeof(Guid) ||
        type == typeof(TimeOnly) || IsDate(type) || IsCollectionOfSupported(type);

    // Lexical structure: identifiers are at most 63 bytes (NAMEDATALEN - 1); longer ones are truncated.
    public override void ValidateCollectionName(string name) => CheckIdentifier(name);

    public override void ValidateStorageName(PropertyModel property) => CheckIdentifier(property.StorageName);

    // PostgresConstants.IndexMaxDimensions: an HNSW index takes at most 2,000 dimensions (Flat, the default, builds no index).
    public override void ValidateVectorProperty(VectorPropertyModel property)
    {
        if (property.IndexKind == IndexKind.Hnsw && property.Dimensions > 2000)
        {
            throw new NotSupportedException($"The HNSW index supports at most 2000 dimensions, not {property.Dimensions}.");
        }
    }

    // Character types: text cannot hold the character with code zero.
    public override void ValidateKey(object key) => CheckText(key as string);

    public override void ValidateValue(DataPropertyModel property, object? value) => CheckText(value as string);

    private void CheckIdentifier(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) > 63)
        {
            throw Refused($"identifier '{name}' is longer than 63 bytes.");
        }
    }

    private void CheckText(string? text)
    {
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            throw Refused("invalid byte sequence for encoding \"UTF8\": 0x00");
        }
    }
}
