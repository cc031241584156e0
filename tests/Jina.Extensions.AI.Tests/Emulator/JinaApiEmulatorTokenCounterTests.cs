using Jina.Testing;

namespace Jina.Extensions.AI.Tests.Emulator;

public sealed class JinaApiEmulatorTokenCounterTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("a", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("lightsaber", 3)]
    [InlineData("Hi, you!", 4)]
    [InlineData("光剑太暗了", 5)]
    [InlineData("フォース", 4)]
    [InlineData("한국어", 3)]
    [InlineData("abc光def", 3)]
    [InlineData("3.85", 3)]
    public void CountTextTokens_FollowsTheDocumentedRules(string text, int expected)
    {
        Assert.Equal(expected, JinaApiEmulatorTokenCounter.CountTextTokens(text));
    }

    [Fact]
    public async Task CountTokens_AddsTwoSpecialTokens()
    {
        await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync();

        Assert.Equal(JinaApiEmulatorTokenCounter.CountTextTokens("hello world") + 2, emulator.CountTokens("hello world"));
    }
}
