using Jina.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Jina.Extensions.AI.Tests;

public sealed partial class JinaEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_UseLoggingAtTrace_TheKeyAppearsInNoLogRecordOrException()
    {
        const string goodKey = "jina_good_key_for_the_logging_check_0001";
        const string badKey = "jina_bad_key_for_the_logging_check_0002";
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(new JinaApiEmulatorOptions { ApiKey = goodKey });
        var collector = new FakeLogCollector();
        using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));

        using IEmbeddingGenerator<string, Embedding<float>> good = new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o => o.ApiKey = goodKey))
            .AsBuilder().UseLogging(loggerFactory).Build();
        using IEmbeddingGenerator<string, Embedding<float>> bad = new JinaEmbeddingGenerator(TestGenerators.Options(emulator, o => o.ApiKey = badKey))
            .AsBuilder().UseLogging(loggerFactory).Build();

        await good.GenerateAsync(["hello"], new EmbeddingGenerationOptions().WithJinaTask(JinaTask.RetrievalQuery));
        var ex = await Assert.ThrowsAsync<JinaApiException>(() => bad.GenerateAsync(["hello"]));

        IReadOnlyList<FakeLogRecord> records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Trace);
        Assert.Contains(records, r => r.Exception is JinaApiException);
        var texts = new List<string> { ex.Message, ex.ToString(), good.ToString()!, bad.ToString()! };
        foreach (FakeLogRecord record in records)
        {
            texts.Add(record.ToString());
            texts.Add(record.Message);
            if (record.Exception is not null)
            {
                texts.Add(record.Exception.ToString());
            }

            if (record.StructuredState is { } state)
            {
                texts.AddRange(state.Select(kv => $"{kv.Key}={kv.Value}"));
            }
        }

        Assert.All(texts, t =>
        {
            Assert.DoesNotContain(goodKey, t, StringComparison.Ordinal);
            Assert.DoesNotContain(badKey, t, StringComparison.Ordinal);
        });
    }
}
