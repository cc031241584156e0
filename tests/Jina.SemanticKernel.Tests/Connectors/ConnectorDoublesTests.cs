using Microsoft.Extensions.VectorData;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>The doubles refuse what their databases refuse: without this, ingestion passing against them would prove nothing.</summary>
public sealed class ConnectorDoublesTests
{
    private const string TodaysKey = "kb/4#0"; // the "{documentId}#{chunkIndex}" keys chunks had before

    [Fact]
    public void GetCollection_StringKeysOnQdrantOrWeaviate_AreNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => new ConnectorVectorStore(new QdrantRules()).GetCollection<string, JinaDocumentChunk<string>>("kb", Definition<string>()));
        Assert.Throws<NotSupportedException>(() => new ConnectorVectorStore(new WeaviateRules()).GetCollection<string, JinaDocumentChunk<string>>("Kb", Definition<string>(DistanceFunction.CosineDistance)));
    }

    [Theory]
    [InlineData("azure-ai-search")]
    [InlineData("azure-cosmos-nosql")]
    public async Task UpsertAsync_TodaysKeyWithAHash_IsRefusedWhereTodaysChunkKeyIsAccepted(string connector)
    {
        var store = new ConnectorVectorStore(connector == "azure-ai-search" ? new AzureAISearchRules() : new CosmosNoSqlRules());
        var collection = store.GetCollection<string, JinaDocumentChunk<string>>("kb", Definition<string>());
        await collection.EnsureCollectionExistsAsync();

        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(Chunk(TodaysKey)));
        await collection.UpsertAsync(Chunk(JinaChunkKeys.Create<string>("kb/4", 0)));

        Assert.Single(await collection.GetAsync(r => r.DocumentId == "kb/4", 10).ToListAsync());
    }

    [Fact]
    public async Task UpsertAsync_TodaysKeyOnPostgres_IsAccepted()
    {
        // PostgreSQL keeps any text as a key; of the five, only it took the old keys. Noted so the README does not overclaim.
        var collection = new ConnectorVectorStore(new PostgresRules()).GetCollection<string, JinaDocumentChunk<string>>("kb", Definition<string>());
        await collection.EnsureCollectionExistsAsync();

        await collection.UpsertAsync(Chunk(TodaysKey));

        Assert.NotNull(await collection.GetAsync(TodaysKey));
    }

    [Fact]
    public async Task AzureAISearch_FilterOrOrderOnAPropertyThatIsNotIndexed_IsRefused()
    {
        var collection = await SeededAsync<string>(new AzureAISearchRules(), "kb");

        await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(r => r.Text == "x", 5).ToListAsync().AsTask());
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(r => r.ChunkIndex >= 0, 5, new() { OrderBy = o => o.Ascending(r => r.Start) }).ToListAsync().AsTask());
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(r => r.ChunkIndex >= 0, 5, new() { Skip = 100_001 }).ToListAsync().AsTask());
        Assert.Single(await collection.GetAsync(r => r.DocumentId == "kb/4", 5, new() { OrderBy = o => o.Ascending(r => r.ChunkIndex) }).ToListAsync());
    }

    [Fact]
    public async Task AzureAISearch_IndexNameOrKeyOutsideTheNamingRules_IsRefused()
    {
        var store = new ConnectorVectorStore(new AzureAISearchRules());
        var collection = await SeededAsync<string>(new AzureAISearchRules(), "kb");

        Assert.Throws<VectorStoreException>(() => store.GetCollection<string, JinaDocumentChunk<string>>("Knowledge Base", Definition<string>()));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(Chunk("_starts-with-underscore")));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(Chunk(new string('a', 1025))));
    }

    [Fact]
    public async Task Qdrant_OrderByTextOrByTwoProperties_OrEqualityOnAFloat_IsRefused()
    {
        var collection = await SeededAsync<Guid>(new QdrantRules(), "kb");

        // Ordering by document id is how documents were paged before; Qdrant cannot order by a keyword.
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(r => r.ChunkIndex == 0, 5, new() { OrderBy = o => o.Ascending(r => r.DocumentId) }).ToListAsync().AsTask());
        await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(r => r.ChunkIndex == 0, 5, new() { OrderBy = o => o.Ascending(r => r.DocumentNumber).Ascending(r => r.ChunkIndex) }).ToListAsync().AsTask());
        await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(r => r.ChunkIndex == 0 && r.Length == 30.0, 5).ToListAsync().AsTask());
        Assert.Single(await collection.GetAsync(r => r.ChunkIndex == 0 && r.DocumentNumber >= 0, 5, new() { OrderBy = o => o.Ascending(r => r.DocumentNumber) }).ToListAsync());
    }

    [Fact]
    public async Task Weaviate_CosineSimilarityLowerCaseNamesDeepOffsetsAndNot_AreRefused()
    {
        var store = new ConnectorVectorStore(new WeaviateRules());
        var collection = await SeededAsync<Guid>(new WeaviateRules(), "Kb", DistanceFunction.CosineDistance);

        Assert.Throws<NotSupportedException>(() => store.GetCollection<Guid, JinaDocumentChunk<Guid>>("Kb", Definition<Guid>(DistanceFunction.CosineSimilarity)));
        Assert.Throws<ArgumentException>(() => store.GetCollection<Guid, JinaDocumentChunk<Guid>>("kb", Definition<Guid>(DistanceFunction.CosineDistance)));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(r => r.ChunkIndex >= 0, 256, new() { Skip = 10_000 }).ToListAsync().AsTask());
        await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(r => !(r.ChunkIndex > 0 && r.Dimensions == 8), 5).ToListAsync().AsTask());
        Assert.Single(await collection.GetAsync(r => !(r.DocumentId != "kb/4"), 5).ToListAsync());
    }

    [Fact]
    public async Task Postgres_TextWithNulOrLongIdentifiers_IsRefused()
    {
        var store = new ConnectorVectorStore(new PostgresRules());
        var collection = await SeededAsync<Guid>(new PostgresRules(), "kb");
        var chunk = Chunk(Guid.NewGuid());
        chunk.Text = "before\0after";

        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(chunk));
        Assert.Throws<VectorStoreException>(() => store.GetCollection<Guid, JinaDocumentChunk<Guid>>(new string('t', 64), Definition<Guid>()));
    }

    [Fact]
    public async Task CosmosNoSql_IdWithASlashOrTooLong_IsRefused()
    {
        var collection = await SeededAsync<string>(new CosmosNoSqlRules(), "kb");

        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(Chunk("docs/readme.md")));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(Chunk(new string('é', 512))));
    }

    [Theory]
    [InlineData("qdrant")]
    [InlineData("azure-ai-search")]
    [InlineData("postgresql")]
    public async Task AnyConnector_FilterThatCallsAMethodOnTheRecord_IsNotTranslated(string connector)
    {
        ConnectorRules rules = connector switch
        {
            "qdrant" => new QdrantRules(),
            "azure-ai-search" => new AzureAISearchRules(),
            _ => new PostgresRules(),
        };
        var collection = await SeededAsync<Guid>(rules, "kb");

        await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(r => r.DocumentId.StartsWith("kb", StringComparison.Ordinal), 5).ToListAsync().AsTask());
    }

    [Fact]
    public async Task UpsertAsync_VectorOfAnotherSize_IsRefusedAsTheDatabaseRefusesIt()
    {
        var collection = await SeededAsync<Guid>(new QdrantRules(), "kb");
        var chunk = Chunk(Guid.NewGuid());
        chunk.Vector = new float[16];

        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(chunk));
    }

    private static VectorStoreCollectionDefinition Definition<TKey>(string? distanceFunction = null)
        where TKey : notnull
        => JinaDocumentChunk<TKey>.CreateCollectionDefinition(8, distanceFunction: distanceFunction);

    private static async Task<VectorStoreCollection<TKey, JinaDocumentChunk<TKey>>> SeededAsync<TKey>(ConnectorRules rules, string name, string? distanceFunction = null)
        where TKey : notnull
    {
        var collection = new ConnectorVectorStore(rules).GetCollection<TKey, JinaDocumentChunk<TKey>>(name, Definition<TKey>(distanceFunction));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Chunk(JinaChunkKeys.Create<TKey>("kb/4", 0)));
        return collection;
    }

    private static JinaDocumentChunk<TKey> Chunk<TKey>(TKey key)
        where TKey : notnull
        => new()
        {
            Key = key,
            DocumentId = "kb/4",
            DocumentNumber = JinaChunkKeys.DocumentNumber("kb/4"),
            ChunkCount = 1,
            Text = "How do I charge my lightsaber?",
            Length = 30,
            DocumentHash = "hash",
            EmbeddingModel = "jina-embeddings-v3",
            Dimensions = 8,
            Vector = new float[] { 1, 0, 0, 0, 0, 0, 0, 0 },
        };
}
