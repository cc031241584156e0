using Jina.Testing;
using Microsoft.Extensions.AI;

namespace Jina.Extensions.AI.Tests.Emulator;

public sealed class HashEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_SameText_IsDeterministicAndNormalised()
    {
        using var generator = new HashEmbeddingGenerator();

        var first = await generator.GenerateAsync(["The Force will be with you"]);
        var second = await generator.GenerateAsync(["The Force will be with you"]);

        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(1024, first[0].Dimensions);
        Assert.Equal(1.0, Math.Sqrt(first[0].Vector.ToArray().Sum(v => (double)v * v)), 4);
    }

    [Fact]
    public async Task GenerateAsync_SharedWords_AreMoreSimilar()
    {
        using var generator = new HashEmbeddingGenerator();
        IReadOnlyList<string> names = SeedExamples.Default.Separation.Input;

        var v = await generator.GenerateAsync(["Luke, I am your father.", "No, I am your father.", "Mickey Mouse and Donald Duck"]);

        Assert.True(TestGenerators.Cosine(v[0].Vector, v[1].Vector) > TestGenerators.Cosine(v[0].Vector, v[2].Vector));
        Assert.Equal(4, names.Count);
    }

    [Fact]
    public async Task GenerateAsync_Dimensions_ArePrefixesRenormalised()
    {
        using var generator = new HashEmbeddingGenerator();

        var full = await generator.GenerateAsync(["a short text"], new EmbeddingGenerationOptions { AdditionalProperties = new() { ["normalized"] = false } });
        var cut = await generator.GenerateAsync(["a short text"], new EmbeddingGenerationOptions { Dimensions = 32 });

        float[] prefix = full[0].Vector[..32].ToArray();
        float norm = MathF.Sqrt(prefix.Sum(x => x * x));
        Assert.Equal(prefix.Select(x => x / norm), cut[0].Vector.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Theory]
    [InlineData("jina-embeddings-v2-base-en", 768)]
    [InlineData("jina-embeddings-v4", 2048)]
    [InlineData("jina-embeddings-v3", 1024)]
    public async Task GenerateAsync_ModelId_SetsTheNativeSize(string model, int size)
    {
        using var generator = new HashEmbeddingGenerator();

        var result = await generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { ModelId = model });

        Assert.Equal(size, result[0].Dimensions);
    }
}
