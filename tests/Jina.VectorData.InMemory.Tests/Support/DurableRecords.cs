using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A record with a property of every data type a store with a database keeps, and vectors of each vector type.</summary>
public sealed class EveryTypeRecord
{
    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData]
    public string? Text { get; set; }

    [VectorStoreData]
    public bool Flag { get; set; }

    [VectorStoreData]
    public byte Byte { get; set; }

    [VectorStoreData]
    public short Short { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public int Int { get; set; }

    [VectorStoreData]
    public long Long { get; set; }

    [VectorStoreData]
    public float Float { get; set; }

    [VectorStoreData]
    public double Double { get; set; }

    [VectorStoreData]
    public decimal Decimal { get; set; }

    [VectorStoreData]
    public Guid Guid { get; set; }

    [VectorStoreData]
    public DateTime DateTime { get; set; }

    [VectorStoreData]
    public DateTimeOffset DateTimeOffset { get; set; }

    [VectorStoreData]
    public DateOnly DateOnly { get; set; }

    [VectorStoreData]
    public TimeOnly TimeOnly { get; set; }

    [VectorStoreData]
    public TimeSpan TimeSpan { get; set; }

    [VectorStoreData]
    public byte[]? Bytes { get; set; }

    [VectorStoreData]
    public int? NullableInt { get; set; }

    [VectorStoreData]
    public double? NullableDouble { get; set; }

    [VectorStoreData]
    public DateTimeOffset? NullableDateTimeOffset { get; set; }

    [VectorStoreData]
    public string[]? Tags { get; set; }

    [VectorStoreData]
    public int[]? Numbers { get; set; }

    [VectorStoreData]
    public double[]? Doubles { get; set; }

    [VectorStoreData]
    public int?[]? Sparse { get; set; }

    [VectorStoreData]
    public List<string>? Names { get; set; }

    [VectorStoreData]
    public List<Guid>? Guids { get; set; }

    [VectorStoreData]
    public List<DateTime>? Dates { get; set; }

    [VectorStoreData]
    public List<decimal?>? Amounts { get; set; }

    [VectorStoreVector(4)]
    public ReadOnlyMemory<float> Embedding { get; set; }

    [VectorStoreVector(2, DistanceFunction = DistanceFunction.EuclideanDistance)]
    public float[]? Small { get; set; }

    [VectorStoreVector(3, DistanceFunction = DistanceFunction.DotProductSimilarity)]
    public Embedding<float>? Other { get; set; }
}

/// <summary>A record of the crash-safety worker: which call wrote it, and what it must hold.</summary>
public sealed class CallRecord
{
    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public int Call { get; set; }

    [VectorStoreData]
    public int Index { get; set; }

    [VectorStoreData]
    public string Text { get; set; } = "";

    public ReadOnlyMemory<float> Vector { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Key), typeof(string)),
            new VectorStoreDataProperty(nameof(Call), typeof(int)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Index), typeof(int)),
            new VectorStoreDataProperty(nameof(Text), typeof(string)),
            new VectorStoreVectorProperty(nameof(Vector), typeof(ReadOnlyMemory<float>), dimensions),
        ],
    };

    /// <summary>Creates record <paramref name="index"/> of call <paramref name="call"/>: the same in every process.</summary>
    public static CallRecord Create(int call, int index, int dimensions)
    {
        var vector = new float[dimensions];
        for (var j = 0; j < vector.Length; j++)
        {
            vector[j] = ((call * 31) + (index * 7) + j) % 97 / 97f;
        }

        vector[0] += 1; // never the zero vector
        return new CallRecord { Key = $"c{call}-{index}", Call = call, Index = index, Text = $"call {call}, record {index}", Vector = vector };
    }
}
