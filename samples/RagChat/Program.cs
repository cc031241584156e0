using RagChat;
using Spectre.Console;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Leave cleanly: cancel the work in flight and let the loop say goodbye.
    e.Cancel = true;
    cancellation.Cancel();
};

return await RagChatApp.RunAsync(
    args,
    AnsiConsole.Console,
    Environment.GetEnvironmentVariable,
    Console.IsInputRedirected ? Console.In : null,
    IndexLocation.DefaultFolder(),
    cancellation.Token);
