using Jina.Testing;

namespace Jina.Extensions.AI.Tests;

/// <summary>Builds rerankers pointed at an emulator, with retries that wait a millisecond.</summary>
internal static class TestRerankers
{
    public static JinaReranker Create(JinaApiEmulator emulator, Action<JinaRerankerOptions>? configure = null)
    {
        var options = new JinaRerankerOptions
        {
            ApiKey = emulator.ApiKey,
            Endpoint = emulator.Endpoint,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        return new JinaReranker(options);
    }
}
