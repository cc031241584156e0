namespace Jina.VectorData.InMemory.Internal;

/// <summary>What a vector column holds: float vectors, or bit vectors packed into 64-bit words.</summary>
internal enum VectorKind
{
    Float,
    Bits,
}
