using Jina.VectorData.InMemory.Tests.Support;
using Microsoft.Extensions.VectorData;

namespace Jina.VectorData.InMemory.Tests;

public sealed partial class InMemoryCollectionTests
{
    [Fact]
    public async Task UpsertAsync_TextVectorProperty_EmbedsBatchInOneCall()
    {
        var generator = new FakeEmbeddingGenerator();
        using var collection = new InMemoryCollection<Guid, TextRecord>("texts", new() { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        var x = new TextRecord { Id = Guid.NewGuid(), Title = "x", Content = "[1, 0, 0]" };
        var y = new TextRecord { Id = Guid.NewGuid(), Title = "y", Content = "[0, 1, 0]" };
        var none = new TextRecord { Id = Guid.NewGuid(), Title = "none", Content = null };

        await collection.UpsertAsync([x, y, none]);

        Assert.Equal(1, generator.Calls);
        Assert.Equal(["[1, 0, 0]", "[0, 1, 0]"], generator.Inputs);
        var result = await collection.SearchAsync(new float[] { 0, 3, 0 }, top: 3).ToListAsync();
        Assert.Equal(["y", "x"], result.Select(r => r.Record.Title));
        Assert.Equal("none", (await collection.GetAsync(none.Id))!.Title);
    }

    [Fact]
    public async Task SearchAsync_TextVectorProperty_EmbedsSearchText()
    {
        var generator = new FakeEmbeddingGenerator();
        using var collection = new InMemoryCollection<Guid, TextRecord>("texts", new() { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new TextRecord { Title = "x", Content = "[1, 0, 0]" }, new TextRecord { Title = "z", Content = "[0, 0, 1]" }]);

        var result = await collection.SearchAsync("[0, 0.1, 1]", top: 1).SingleAsync();

        Assert.Equal("z", result.Record.Title);
        Assert.Null(result.Record.Content);
    }

    [Fact]
    public async Task SearchAsync_SearchOnlyGeneration_EmbedsOnlyTheQuery()
    {
        var generator = new FakeEmbeddingGenerator();
        using var collection = new InMemoryCollection<string, PassageRecord>("passages", new() { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new PassageRecord { Id = "x", Text = "x", Vector = new float[] { 1, 0, 0 } },
            new PassageRecord { Id = "z", Text = "z", Vector = new float[] { 0, 0, 1 } },
        ]);
        Assert.Equal(0, generator.Calls);

        var result = await collection.SearchAsync("[0, 0, 2]", top: 1, new() { IncludeVectors = true }).SingleAsync();

        Assert.Equal("z", result.Record.Id);
        Assert.Equal([0f, 0f, 1f], result.Record.Vector.ToArray());
        Assert.Equal(["[0, 0, 2]"], generator.Inputs);
    }

    [Fact]
    public async Task SearchAsync_PropertyGenerator_TakesPrecedenceOverCollectionGenerator()
    {
        var collectionGenerator = new FakeEmbeddingGenerator();
        var propertyGenerator = new FakeEmbeddingGenerator();
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(PassageRecord.Id), typeof(string)),
                new VectorStoreDataProperty(nameof(PassageRecord.Text), typeof(string)),
                new VectorStoreVectorProperty(nameof(PassageRecord.Vector), typeof(ReadOnlyMemory<float>), 3) { EmbeddingGenerator = propertyGenerator },
            ],
        };
        using var collection = new InMemoryCollection<string, PassageRecord>("passages", new() { Definition = definition, EmbeddingGenerator = collectionGenerator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new PassageRecord { Id = "x", Vector = new float[] { 1, 0, 0 } });

        _ = await collection.SearchAsync("[1, 0, 0]", top: 1).SingleAsync();

        Assert.Empty(collectionGenerator.Inputs);
        Assert.Single(propertyGenerator.Inputs);
    }

    [Fact]
    public async Task IncludeVectors_WithGeneratedVectors_ThrowsNotSupported()
    {
        using var collection = new InMemoryCollection<Guid, TextRecord>("texts", new() { EmbeddingGenerator = new FakeEmbeddingGenerator() });
        await collection.EnsureCollectionExistsAsync();
        const string Expected = "When an embedding generator is configured, `Include Vectors` cannot be enabled.";

        Assert.Equal(Expected, (await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(Guid.NewGuid(), new() { IncludeVectors = true }))).Message);
        Assert.Equal(Expected, Assert.Throws<NotSupportedException>(() => collection.SearchAsync("[1, 0, 0]", top: 1, new() { IncludeVectors = true })).Message);
        Assert.Equal(Expected, Assert.Throws<NotSupportedException>(() => collection.GetAsync([Guid.NewGuid()], new() { IncludeVectors = true })).Message);
    }

    [Fact]
    public async Task SearchAsync_IncompatibleInputForGenerator_ThrowsInvalidOperation()
    {
        using var collection = new InMemoryCollection<Guid, TextRecord>("texts", new() { EmbeddingGenerator = new FakeEmbeddingGenerator() });
        await collection.EnsureCollectionExistsAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => collection.SearchAsync(8, top: 1).ToListAsync().AsTask());

        Assert.Contains("'int'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TextVectorWithoutGenerator_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new InMemoryCollection<Guid, TextRecord>("texts"));
    }

    [Fact]
    public async Task UpsertAsync_GeneratorReturnsWrongDimensions_ThrowsInvalidOperation()
    {
        using var collection = new InMemoryCollection<Guid, TextRecord>("texts", new() { EmbeddingGenerator = new FakeEmbeddingGenerator() });
        await collection.EnsureCollectionExistsAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => collection.UpsertAsync(new TextRecord { Content = "[1, 0]" }));

        Assert.Contains("returned 2 dimensions", exception.Message, StringComparison.Ordinal);
    }
}
