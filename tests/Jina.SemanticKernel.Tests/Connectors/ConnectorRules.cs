using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>The documented rules of one MEVD connector and the database behind it, which a <see cref="ConnectorCollection{TKey, TRecord}"/> enforces.</summary>
/// <remarks>
/// Each subclass names the source of every rule: the connector's own code (CommunityToolkit/AI, MEVD/src/..., where the SK
/// connectors live now) or the database's documentation. A rule the double does not enforce is one the ingestor was not
/// checked against, so the subclasses are written from those sources, not from what the ingestor happens to do.
/// Embedding generation is the same for all five: each connector's model builder resolves MEVD's embedding dispatchers and
/// embeds search input client-side with the configured generator (none has generation turned off), so every double embeds
/// search text the way <see cref="Microsoft.Extensions.VectorData.ProviderServices.VectorPropertyModel"/> does and refuses
/// IncludeVectors where generation is required, as they all do.
/// </remarks>
public abstract class ConnectorRules
{
    /// <summary>Gets the connector's name, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the key types the connector maps.</summary>
    public abstract IReadOnlyList<Type> KeyTypes { get; }

    /// <summary>Gets the JSON options of connectors that map records with System.Text.Json (storage names follow its naming policy), or null.</summary>
    public virtual JsonSerializerOptions? JsonOptions => null;

    /// <summary>Gets the storage name the connector reserves for the key, or null.</summary>
    public virtual string? ReservedKeyStorageName => null;

    /// <summary>Gets the distance function a vector property gets when it names none.</summary>
    public abstract string DefaultDistanceFunction { get; }

    /// <summary>Gets the distance functions the connector maps.</summary>
    public abstract IReadOnlyList<string> DistanceFunctions { get; }

    /// <summary>Throws when the database refuses the collection name.</summary>
    public virtual void ValidateCollectionName(string name)
    {
    }

    /// <summary>Returns whether the connector maps a data property of this type (nullable unwrapped by the caller).</summary>
    public abstract bool IsDataTypeSupported(Type type);

    /// <summary>Throws when the database refuses a property's storage name.</summary>
    public virtual void ValidateStorageName(PropertyModel property)
    {
    }

    /// <summary>Throws when the database refuses the vector property (dimensions for its index kind, for example).</summary>
    public virtual void ValidateVectorProperty(VectorPropertyModel property)
    {
    }

    /// <summary>Throws when the database refuses a key value.</summary>
    public virtual void ValidateKey(object key)
    {
    }

    /// <summary>Throws when the database refuses a data value.</summary>
    public virtual void ValidateValue(DataPropertyModel property, object? value)
    {
    }

    /// <summary>Throws when a filter may not read this property (not filterable, for example).</summary>
    public virtual void ValidateFilterProperty(PropertyModel property)
    {
    }

    /// <summary>Throws when the connector cannot translate a comparison of this kind on this property with this value.</summary>
    public virtual void ValidateComparison(ExpressionType comparison, PropertyModel property, object? value)
    {
    }

    /// <summary>Throws when the connector cannot translate a NOT over this operand.</summary>
    public virtual void ValidateNot(Expression operand)
    {
    }

    /// <summary>Throws when the database cannot order by these properties.</summary>
    public virtual void ValidateOrderBy(IReadOnlyList<(PropertyModel Property, bool Ascending)> orderBy)
    {
    }

    /// <summary>Throws when the database refuses a page of <paramref name="top"/> records after <paramref name="skip"/>.</summary>
    public virtual void ValidatePage(int top, int skip)
    {
    }

    /// <summary>Returns whether a higher score is a closer match for the distance function.</summary>
    public static bool HigherIsBetter(string distanceFunction) =>
        distanceFunction is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;

    /// <summary>Scores a stored vector against a query the way the distance function defines.</summary>
    public static double Score(string distanceFunction, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0, squared = 0, manhattan = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
            squared += (a[i] - b[i]) * (a[i] - b[i]);
            manhattan += Math.Abs(a[i] - b[i]);
        }

        double cosine = dot / (Math.Sqrt(na) * Math.Sqrt(nb));
        return distanceFunction switch
        {
            DistanceFunction.CosineSimilarity => cosine,
            DistanceFunction.CosineDistance => 1 - cosine,
            DistanceFunction.DotProductSimilarity => dot,
            DistanceFunction.NegativeDotProductSimilarity => -dot,
            DistanceFunction.EuclideanDistance => Math.Sqrt(squared),
            DistanceFunction.EuclideanSquaredDistance => squared,
            DistanceFunction.ManhattanDistance => manhattan,
            _ => throw new NotSupportedException($"The double cannot score with '{distanceFunction}'."),
        };
    }

    /// <summary>Returns whether the type is one of the numeric types a range comparison can apply to.</summary>
    protected static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) ||
        type == typeof(float) || type == typeof(double) || type == typeof(decimal);

    /// <summary>Returns whether the type is a date or time type.</summary>
    protected static bool IsDate(Type type) =>
        type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly);

    /// <summary>Returns whether the type is an array or list of a supported element type.</summary>
    protected bool IsCollectionOfSupported(Type type) =>
        (type.IsArray && IsDataTypeSupported(type.GetElementType()!)) ||
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && IsDataTypeSupported(type.GenericTypeArguments[0]));

    /// <summary>Returns whether the vector type is one every float connector maps.</summary>
    public virtual bool IsVectorTypeSupported(Type type) =>
        type == typeof(ReadOnlyMemory<float>) || type == typeof(ReadOnlyMemory<float>?) || type == typeof(Embedding<float>) || type == typeof(float[]);

    /// <summary>Creates the exception the connector raises for a call the database refused.</summary>
    protected VectorStoreException Refused(string message) => new($"{Name}: {message}") { VectorStoreSystemName = Name };
}
