namespace Jina.Extensions.AI.Tests;

/// <summary>Serialises the tests that change process environment variables, and puts each variable back afterwards.</summary>
internal static class EnvironmentLock
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    /// <summary>Waits for the other tests that change the environment, then sets <paramref name="name"/> until the scope is disposed.</summary>
    public static IDisposable Set(string name, string? value)
    {
        s_gate.Wait();
        string? saved = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return new Scope(name, saved);
    }

    private sealed class Scope(string name, string? saved) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Environment.SetEnvironmentVariable(name, saved);
                s_gate.Release();
            }
        }
    }
}
