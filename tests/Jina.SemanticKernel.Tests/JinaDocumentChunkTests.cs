using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests;

public sealed class JinaDocumentChunkTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(384)]
    [InlineData(768)]
    [InlineData(1024)]
    public void CreateCollectionDefinition_Dimensions_SetsTheVectorLength(int dimensions)
    {
        var definition = JinaDocumentChunk<Guid>.CreateCollectionDefinition(dimensions);

        var vector = Assert.Single(definition.Properties.OfType<VectorStoreVectorProperty>());
        Assert.Equal(nameof(JinaDocumentChunk<Guid>.Vector), vector.Name);
        Assert.Equal(dimensions, vector.Dimensions);
        Assert.Equal(DistanceFunction.CosineSimilarity, vector.DistanceFunction);
    }

    [Fact]
    public void CreateCollectionDefinition_KeyType_IsTheRecordsKeyType()
    {
        Assert.Equal(typeof(Guid), Assert.Single(JinaDocumentChunk<Guid>.CreateCollectionDefinition(8).Properties.OfType<VectorStoreKeyProperty>()).Type);
        Assert.Equal(typeof(string), Assert.Single(JinaDocumentChunk<string>.CreateCollectionDefinition(8).Properties.OfType<VectorStoreKeyProperty>()).Type);
    }

    [Fact]
    public void CreateCollectionDefinition_PropertiesTheIngestorFiltersOn_AreIndexed()
    {
        var definition = JinaDocumentChunk<string>.CreateCollectionDefinition(8);

        var indexed = definition.Properties.OfType<VectorStoreDataProperty>().Where(p => p.IsIndexed).Select(p => p.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string> { "DocumentId", "DocumentNumber", "ChunkIndex", "EmbeddingModel", "Dimensions" },
            indexed);
    }

    [Fact]
    public void CreateCollectionDefinition_DistanceFunction_IsPassedThrough()
    {
        var definition = JinaDocumentChunk<Guid>.CreateCollectionDefinition(8, distanceFunction: DistanceFunction.CosineDistance);

        Assert.Equal(DistanceFunction.CosineDistance, Assert.Single(definition.Properties.OfType<VectorStoreVectorProperty>()).DistanceFunction);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(JinaDocumentChunk<string>.MaxDimensions + 1)]
    public void CreateCollectionDefinition_OutOfRange_Throws(int dimensions) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaDocumentChunk<string>.CreateCollectionDefinition(dimensions));

    [Fact]
    public void CreateCollectionDefinition_UnsupportedKeyType_ThrowsNamingTheSupportedOnes()
    {
        var error = Assert.Throws<NotSupportedException>(() => JinaDocumentChunk<int>.CreateCollectionDefinition(8));

        Assert.Contains("Guid", error.Message, StringComparison.Ordinal);
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCollectionDefinition_InAStore_RoundTripsEveryField()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<Guid, JinaDocumentChunk<Guid>>("chunks", JinaDocumentChunk<Guid>.CreateCollectionDefinition(32));
        await collection.EnsureCollectionExistsAsync();
        var chunk = new JinaDocumentChunk<Guid>
        {
            Key = JinaChunkKeys.Create<Guid>("doc", 1),
            DocumentId = "doc",
            DocumentNumber = 42,
            ChunkIndex = 1,
            ChunkCount = 2,
            Text = "Its more than 3.85 million inhabitants ",
            Start = 84,
            Length = 39,
            Source = "berlin.txt",
            DocumentHash = "abc",
            EmbeddingModel = "jina-embeddings-v3",
            EmbeddingTask = "retrieval.passage",
            Dimensions = 32,
            Vector = Enumerable.Range(0, 32).Select(i => i / 32f).ToArray(),
        };

        await collection.UpsertAsync(chunk);
        var read = await collection.GetAsync(chunk.Key, new RecordRetrievalOptions { IncludeVectors = true });

        Assert.NotNull(read);
        Assert.Equal(
            (chunk.DocumentId, chunk.DocumentNumber, chunk.ChunkIndex, chunk.ChunkCount, chunk.Text, chunk.Start, chunk.Length, chunk.Source, chunk.DocumentHash, chunk.EmbeddingModel, chunk.EmbeddingTask, chunk.Dimensions),
            (read.DocumentId, read.DocumentNumber, read.ChunkIndex, read.ChunkCount, read.Text, read.Start, read.Length, read.Source, read.DocumentHash, read.EmbeddingModel, read.EmbeddingTask, read.Dimensions));
        Assert.Equal(chunk.Vector.ToArray(), read.Vector.ToArray());
    }
}
