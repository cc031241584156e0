using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>Builds a collection model with MEVD's own model builders, as the connectors do, checked against a connector's rules.</summary>
public static class ConnectorModelBuilders
{
    public static CollectionModel Build(ConnectorRules rules, Type recordType, Type keyType, VectorStoreCollectionDefinition? definition, IEmbeddingGenerator? generator)
    {
        if (!rules.KeyTypes.Contains(keyType))
        {
            // The connectors check TKey in their collection's constructor (e.g. QdrantCollection: "Only ulong and Guid keys are supported").
            throw new NotSupportedException($"{rules.Name}: only {string.Join(", ", rules.KeyTypes.Select(t => t.Name))} keys are supported, not {keyType.Name}.");
        }

        var options = new CollectionModelBuildingOptions
        {
            RequiresAtLeastOneVector = false,
            SupportsMultipleVectors = true,
            UsesExternalSerializer = rules.JsonOptions is not null,
            ReservedKeyStorageName = rules.ReservedKeyStorageName,
        };

        return rules.JsonOptions is { } json
            ? new JsonBuilder(rules, options).Build(recordType, keyType, definition, generator, json)
            : new PlainBuilder(rules, options).Build(recordType, keyType, definition, generator);
    }

    private static void Check(ConnectorRules rules, PropertyModel property)
    {
        rules.ValidateStorageName(property);
        if (property is VectorPropertyModel vector)
        {
            var distance = vector.DistanceFunction ?? rules.DefaultDistanceFunction;
            if (!rules.DistanceFunctions.Contains(distance))
            {
                throw new NotSupportedException($"{rules.Name}: distance function '{distance}' of '{vector.ModelName}' is not supported; use one of {string.Join(", ", rules.DistanceFunctions)}.");
            }

            rules.ValidateVectorProperty(vector);
        }
    }

    private static bool IsDataTypeValid(ConnectorRules rules, Type type, out string? supported)
    {
        supported = $"the data types of {rules.Name}";
        return rules.IsDataTypeSupported(Nullable.GetUnderlyingType(type) ?? type);
    }

    private sealed class PlainBuilder(ConnectorRules rules, CollectionModelBuildingOptions options) : CollectionModelBuilder(options)
    {
        protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes) =>
            IsDataTypeValid(rules, type, out supportedTypes);

        protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
        {
            supportedTypes = "ReadOnlyMemory<float>, Embedding<float>, float[]";
            return rules.IsVectorTypeSupported(type);
        }

        protected override void ValidateProperty(PropertyModel propertyModel, VectorStoreCollectionDefinition? definition)
        {
            base.ValidateProperty(propertyModel, definition);
            Check(rules, propertyModel);
        }
    }

    private sealed class JsonBuilder(ConnectorRules rules, CollectionModelBuildingOptions options) : CollectionJsonModelBuilder(options)
    {
        protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes) =>
            IsDataTypeValid(rules, type, out supportedTypes);

        protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
        {
            supportedTypes = "ReadOnlyMemory<float>, Embedding<float>, float[]";
            return rules.IsVectorTypeSupported(type);
        }

        protected override void ValidateProperty(PropertyModel propertyModel, VectorStoreCollectionDefinition? definition)
        {
            base.ValidateProperty(propertyModel, definition);
            Check(rules, propertyModel);
        }
    }
}
