namespace Jina.SemanticKernel.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so tests see every report before the call returns.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
