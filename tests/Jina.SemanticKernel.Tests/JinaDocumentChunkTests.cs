using Jina.VectorData.InMemory;
using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests;

public sealed class JinaDocumentChunkTests
{
    [Fact]
    public void CreateKey_DocumentAndIndex_JoinsThemWithHash()
    {
        Assert.Equal("docs/readme.md#12", JinaDocumentChunk.CreateKey("docs/readme.md", 12));
        Assert.NotEqual(JinaDocumentChunk.CreateKey("a#1", 0), JinaDocumentChunk.CreateKey("a", 10));
    }

    [Fact]
    public void CreateKey_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => JinaDocumentChunk.CreateKey(" ", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaDocumentChunk.CreateKey("doc", -1));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(384)]
    [InlineData(768)]
    [InlineData(1024)]
    public void CreateCollectionDefinition_Dimensions_SetsTheVectorLength(int dimensions)
    {
        var definition = JinaDocumentChunk.CreateCollectionDefinition(dimensions);

        var vector = Assert.Single(definition.Properties.OfType<VectorStoreVectorProperty>());
        Assert.Equal(nameof(JinaDocumentChunk.Vector), vector.Name);
        Assert.Equal(dimensions, vector.Dimensions);
        Assert.Equal(DistanceFunction.CosineSimilarity, vector.DistanceFunction);
        Assert.Contains(definition.Properties.OfType<VectorStoreDataProperty>(), p => p.Name == nameof(JinaDocumentChunk.DocumentId) && p.IsIndexed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(JinaDocumentChunk.MaxDimensions + 1)]
    public void CreateCollectionDefinition_OutOfRange_Throws(int dimensions) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JinaDocumentChunk.CreateCollectionDefinition(dimensions));

    [Fact]
    public async Task CreateCollectionDefinition_InAStore_RoundTripsEveryField()
    {
        using var store = new InMemoryVectorStore();
        var collection = store.GetCollection<string, JinaDocumentChunk>("chunks", JinaDocumentChunk.CreateCollectionDefinition(32));
        await collection.EnsureCollectionExistsAsync();
        var chunk = new JinaDocumentChunk
        {
            Key = JinaDocumentChunk.CreateKey("doc", 1),
            DocumentId = "doc",
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
            (chunk.DocumentId, chunk.ChunkIndex, chunk.ChunkCount, chunk.Text, chunk.Start, chunk.Length, chunk.Source, chunk.DocumentHash, chunk.EmbeddingModel, chunk.EmbeddingTask, chunk.Dimensions),
            (read.DocumentId, read.ChunkIndex, read.ChunkCount, read.Text, read.Start, read.Length, read.Source, read.DocumentHash, read.EmbeddingModel, read.EmbeddingTask, read.Dimensions));
        Assert.Equal(chunk.Vector.ToArray(), read.Vector.ToArray());
    }
}
