using System.Runtime.InteropServices;
using Jina.Testing;

// The Jina API emulator as a process: it prints the two variables a generator reads, then serves until Ctrl+C or SIGTERM.
//   dotnet run --project tests/Jina.Testing.Host [-- --api-key <key>]
var options = new JinaApiEmulatorOptions();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--api-key" && i + 1 < args.Length)
    {
        options.ApiKey = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: Jina.Testing.Host [--api-key <key>]");
        return 2;
    }
}

await using JinaApiEmulator emulator = await JinaApiEmulator.StartAsync(options);
var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});
using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});

Console.WriteLine($"JINA_ENDPOINT={emulator.Endpoint}");
Console.WriteLine($"JINA_API_KEY={emulator.ApiKey}");
Console.Out.Flush();
await stopped.Task;
Console.WriteLine($"Stopped after {emulator.Requests.Count} embeddings requests.");
return 0;
