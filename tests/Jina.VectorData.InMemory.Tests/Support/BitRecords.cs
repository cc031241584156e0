using System.Collections;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A record with one bit vector, its length chosen by the definition.</summary>
public sealed class BitRecord
{
    public int Id { get; set; }

    public BitArray? Bits { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(int)),
            new VectorStoreVectorProperty(nameof(Bits), typeof(BitArray), dimensions) { DistanceFunction = DistanceFunction.HammingDistance },
        ],
    };
}

/// <summary>A record that keeps its vector twice, as bits for the Hamming stage and as floats for rescoring.</summary>
public sealed class RescoredRecord
{
    public int Id { get; set; }

    public string? Tag { get; set; }

    public BitArray? Bits { get; set; }

    public ReadOnlyMemory<float> Floats { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(int)),
            new VectorStoreDataProperty(nameof(Tag), typeof(string)) { IsIndexed = true },
            new VectorStoreVectorProperty(nameof(Bits), typeof(BitArray), dimensions),
            new VectorStoreVectorProperty(nameof(Floats), typeof(ReadOnlyMemory<float>), dimensions),
        ],
    };
}

/// <summary>A record mapped by attributes with both bit vector types and a float vector.</summary>
public sealed class TwoKindsRecord
{
    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreVector(100, DistanceFunction = DistanceFunction.HammingDistance)]
    public BitArray? Bits { get; set; }

    [VectorStoreVector(64)]
    public BinaryEmbedding? Binary { get; set; }

    [VectorStoreVector(4)]
    public ReadOnlyMemory<float> Floats { get; set; }
}

/// <summary>A record with a full-text property and a bit vector, for hybrid search over bits.</summary>
public sealed class BitNote
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public string? Text { get; set; }

    [VectorStoreVector(8)]
    public BitArray? Bits { get; set; }
}
