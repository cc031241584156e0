using Microsoft.Extensions.AI;

namespace Jina.SemanticKernel.Tests.Support;

/// <summary>Test-only wrapper that counts calls and inputs, records their options, and can fail a chosen call once.</summary>
public sealed class CallCountingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public int FailOnCall { get; set; }

    public List<EmbeddingGenerationOptions?> Options { get; } = [];

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _calls);
        lock (Options)
        {
            Options.Add(options);
        }

        if (call == FailOnCall)
        {
            FailOnCall = 0;
            throw new HttpRequestException("Simulated connection loss.");
        }

        return base.GenerateAsync(values, options, cancellationToken);
    }
}
