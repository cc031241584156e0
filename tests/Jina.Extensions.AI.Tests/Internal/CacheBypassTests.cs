using System.Reflection;
using Jina.Extensions.AI.Onnx;
using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jina.Extensions.AI.Tests;

public sealed class CacheBypassTests
{
    [Fact]
    public void Bypass_PipelineWithoutCache_ReturnsThePipeline()
    {
        using var fake = new RecordingEmbeddingGenerator();
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = fake.AsBuilder().UseLogging(NullLoggerFactory.Instance).Build();

        Assert.Same(pipeline, CacheBypass.Bypass(pipeline, "Consumer"));
    }

    [Fact]
    public void Bypass_CachingPipelineOverJinaProvider_ReturnsTheProvider()
    {
        using var generator = new JinaEmbeddingGenerator("k");
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = generator.AsBuilder()
            .UseLogging(NullLoggerFactory.Instance)
            .UseDistributedCache(new CountingDistributedCache())
            .UseOpenTelemetry()
            .Build();

        Assert.Same(generator, CacheBypass.Bypass(pipeline, "Consumer"));
    }

    [Fact]
    public void Bypass_CachingPipelineOverAnotherProvider_ThrowsSayingWhatToDo()
    {
        using var foreign = new HashEmbeddingGenerator();
        using IEmbeddingGenerator<string, Embedding<float>> pipeline = foreign.AsBuilder().UseDistributedCache(new CountingDistributedCache()).Build();

        var ex = Assert.Throws<InvalidOperationException>(() => CacheBypass.Bypass(pipeline, "TheConsumer"));

        Assert.Contains("given to TheConsumer caches embeddings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("('jina-emulator-hash')", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Give TheConsumer the generator without its caching layer.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswerProviderKey_OtherKeyOrType_ReturnsNull()
    {
        using var generator = new JinaEmbeddingGenerator("k");

        Assert.Same(generator, CacheBypass.AnswerProviderKey(generator, typeof(IEmbeddingGenerator<string, Embedding<float>>), CacheBypass.ProviderKey));
        Assert.Null(CacheBypass.AnswerProviderKey(generator, typeof(IEmbeddingGenerator<string, Embedding<float>>), "another key"));
        Assert.Null(CacheBypass.AnswerProviderKey(generator, typeof(string), CacheBypass.ProviderKey));
        Assert.Null(generator.GetService(typeof(JinaEmbeddingGenerator), new object()));
    }

    [Fact]
    public void ProviderKey_IsNotPartOfThePublicApi()
    {
        Type[] types = [.. typeof(LateChunker).Assembly.GetExportedTypes(), .. typeof(OnnxEmbeddingGenerator).Assembly.GetExportedTypes()];

        // A key is an object handed out by a static property or field; no public type hands one out.
        var keys = types
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m is PropertyInfo { PropertyType: var p } && p == typeof(object) || m is FieldInfo { FieldType: var f } && f == typeof(object))
            .Select(m => $"{m.DeclaringType}.{m.Name}");

        Assert.Empty(keys);
    }
}
