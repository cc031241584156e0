using System.Globalization;
using Jina.VectorData.InMemory.Internal;
using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

/// <summary>This test assembly run as a program: the process the crash-safety tests kill in the middle of its writes.</summary>
/// <remarks>
/// <c>dotnet Jina.VectorData.InMemory.Tests.dll upsert &lt;database&gt; &lt;dimensions&gt; &lt;first call&gt; &lt;calls&gt; &lt;records per call&gt;</c>
/// upserts calls of <see cref="CallRecord"/> into collection "calls", printing "begin N" before and "done N" after each call; with a
/// last argument <c>stop-in &lt;call&gt;</c> it prints "inside N" as that call's transaction is about to commit and waits there to be killed;
/// <c>hold &lt;database&gt;</c> opens the store, prints "open" and keeps it open until killed.
/// </remarks>
public static class CrashWorker
{
    public const string CollectionName = "calls";

    public static async Task<int> Main(string[] args)
    {
        if (args is ["hold", var held])
        {
            using var holder = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = held });
            Console.WriteLine("open");
            await Task.Delay(Timeout.Infinite);
        }

        if (args is not ["upsert", var path, var dims, var first, var calls, var perCall, ..var rest] || rest is not ([] or ["stop-in", _]))
        {
            await Console.Error.WriteLineAsync("usage: upsert <database> <dimensions> <first call> <calls> <records per call> [stop-in <call>]");
            return 2;
        }

        int? stopIn = rest is [_, var stop] ? int.Parse(stop, CultureInfo.InvariantCulture) : null;

        var dimensions = int.Parse(dims, CultureInfo.InvariantCulture);
        var records = int.Parse(perCall, CultureInfo.InvariantCulture);
        Console.WriteLine("opening");
        using var store = new InMemoryVectorStore(new InMemoryVectorStoreOptions { DatabasePath = path });
        var collection = store.GetCollection<string, CallRecord>(CollectionName, CallRecord.Definition(dimensions));
        await collection.EnsureCollectionExistsAsync();
        Console.WriteLine("open");

        var last = int.Parse(first, CultureInfo.InvariantCulture) + int.Parse(calls, CultureInfo.InvariantCulture);
        for (var call = int.Parse(first, CultureInfo.InvariantCulture); call < last; call++)
        {
            var batch = Enumerable.Range(0, records).Select(i => CallRecord.Create(call, i, dimensions)).ToArray();
            Console.WriteLine($"begin {call}");
            if (call == stopIn)
            {
                var inside = call;
                SqliteStoreDatabase.BeforeCommit = () =>
                {
                    Console.WriteLine($"inside {inside}");
                    Thread.Sleep(Timeout.Infinite);
                };
            }

            await collection.UpsertAsync(batch);
            Console.WriteLine($"done {call}");
        }

        Console.WriteLine("finished");
        return 0;
    }
}
