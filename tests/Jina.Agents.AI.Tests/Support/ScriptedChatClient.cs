using Microsoft.Extensions.AI;

namespace Jina.Agents.AI.Tests.Support;

/// <summary>A chat model that answers from a script and keeps every request it receives, so tests can read what the model was given.</summary>
public sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatResponse>[] turns) : IChatClient
{
    private int _turn;

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var received = messages.ToList();
        Requests.Add((received, options));
        var turn = turns[Math.Min(_turn++, turns.Length - 1)];
        return Task.FromResult(turn(received, options));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted model answers whole responses.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
