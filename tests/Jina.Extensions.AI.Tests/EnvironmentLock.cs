namespace Jina.Extensions.AI.Tests;

/// <summary>Serialises the tests that change process environment variables.</summary>
internal static class EnvironmentLock
{
    public static readonly Lock Instance = new();
}
