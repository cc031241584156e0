using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A record mapped by attributes, with the data types filters use most.</summary>
public sealed class Hotel
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string? Name { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public int Rating { get; set; }

    [VectorStoreData]
    public bool Open { get; set; }

    [VectorStoreData]
    public string[] Tags { get; set; } = [];

    [VectorStoreData]
    public double? Price { get; set; }

    [VectorStoreVector(3)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}

/// <summary>A record whose shape comes from a <see cref="VectorStoreCollectionDefinition"/>, for every key type.</summary>
public sealed class KeyedRecord<TKey>
{
    public TKey Key { get; set; } = default!;

    public int Number { get; set; }

    public string? Text { get; set; }

    public ReadOnlyMemory<float> Vector { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions = 3, string? distanceFunction = null) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Key), typeof(TKey)),
            new VectorStoreDataProperty(nameof(Number), typeof(int)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Text), typeof(string)),
            new VectorStoreVectorProperty(nameof(Vector), typeof(ReadOnlyMemory<float>), dimensions) { DistanceFunction = distanceFunction },
        ],
    };
}

/// <summary>A record with two vector properties of different vector types and distance functions.</summary>
public sealed class MultiVectorRecord
{
    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData]
    public string? Title { get; set; }

    [VectorStoreVector(3, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public float[]? TitleVector { get; set; }

    [VectorStoreVector(2, DistanceFunction = DistanceFunction.EuclideanDistance)]
    public Embedding<float>? BodyVector { get; set; }
}

/// <summary>A record whose vector is generated from its text on upsert.</summary>
public sealed class TextRecord
{
    [VectorStoreKey]
    public Guid Id { get; set; }

    [VectorStoreData]
    public string? Title { get; set; }

    [VectorStoreVector(3)]
    public string? Content { get; set; }
}

/// <summary>A record with a stored vector and, for search-only generation, a collection generator.</summary>
public sealed class PassageRecord
{
    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData]
    public string? Text { get; set; }

    [VectorStoreVector(3)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
