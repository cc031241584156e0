using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests.Support;

/// <summary>A record with one full-text property, for hybrid search.</summary>
public sealed class Note
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public string? Text { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string Language { get; set; } = "en";

    [VectorStoreVector(3)]
    public ReadOnlyMemory<float> Vector { get; set; }
}

/// <summary>A record with two full-text properties and two vectors, for the options that choose between them.</summary>
public sealed class Article
{
    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData(IsFullTextIndexed = true)]
    public string? Title { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public string? Body { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public int Year { get; set; }

    [VectorStoreVector(2)]
    public ReadOnlyMemory<float> TitleVector { get; set; }

    [VectorStoreVector(2)]
    public ReadOnlyMemory<float> BodyVector { get; set; }
}
