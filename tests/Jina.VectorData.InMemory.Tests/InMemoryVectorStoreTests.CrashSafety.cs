using System.Globalization;
using Jina.Testing;
using Jina.VectorData.InMemory.Tests.Support;

namespace Jina.VectorData.InMemory.Tests;

/// <summary>A process killed while it writes leaves a database that opens with exactly the calls that completed.</summary>
public sealed partial class InMemoryVectorStoreTests
{
    private const int CrashDimensions = 256;
    private const int CrashRecordsPerCall = 4_000;
    private static readonly TimeSpan s_workerTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DatabasePath_ProcessKilledAtSeveralPoints_ReopensWithWholeCallsOnlyAndCompletes()
    {
        using var database = new TempDatabase();

        // 1. Killed as soon as the database file appears: while it is created, or its collection is.
        using (var worker = StartUpsertWorker(database, first: 0))
        {
            await worker.WaitForLineAsync(l => l == "opening", s_workerTimeout);
            await worker.WaitUntilAsync(() => File.Exists(database.Path), s_workerTimeout);
            worker.Kill();
            await AssertWholeCallsAsync(database, worker, -1);
        }

        // 2. Killed inside a call: its rows are written and its transaction is about to commit (the journal holds the pages it changed).
        var stored = await AssertWholeCallsAsync(database, null, -1);
        var call = stored + 3;
        using (var worker = StartUpsertWorker(database, first: stored + 1, stopIn: call))
        {
            await worker.WaitForLineAsync(l => l == $"inside {call}", s_workerTimeout);
            Assert.True(database.JournalLength > 0, "The worker was meant to stop inside a transaction. " + worker.Describe());
            worker.Kill();
            Assert.DoesNotContain($"done {call}", worker.Lines);
            Assert.Equal(call - 1, await AssertWholeCallsAsync(database, worker, stored));
        }

        // 3. Killed right after a call returned, whatever the next one was doing.
        stored = await AssertWholeCallsAsync(database, null, -1);
        using (var worker = StartUpsertWorker(database, first: stored + 1))
        {
            await worker.WaitForLineAsync(l => l == $"done {stored + 2}", s_workerTimeout);
            worker.Kill();
            await AssertWholeCallsAsync(database, worker, stored);
        }

        // 4. Run again from the first missing call to the end: every call once, nothing lost, nothing twice.
        stored = await AssertWholeCallsAsync(database, null, -1);
        var total = stored + 3;
        using (var worker = StartUpsertWorker(database, first: stored + 1, calls: total - stored - 1))
        {
            Assert.Equal(0, await worker.WaitForExitAsync(s_workerTimeout));
        }

        Assert.Equal(total - 1, await AssertWholeCallsAsync(database, null, -1));
        using var store = database.Open();
        var collection = store.GetCollection<string, CallRecord>(CrashWorker.CollectionName, CallRecord.Definition(CrashDimensions));
        Assert.Equal(total * CrashRecordsPerCall, await collection.GetAsync(r => r.Call >= 0, int.MaxValue).CountAsync());
    }

    [Fact]
    public async Task DatabasePath_FileOpenInAnotherProcess_IsRefusedUntilThatProcessEnds()
    {
        using var database = new TempDatabase();
        using (var holder = WorkerProcess.Start(typeof(CrashWorker).Assembly, "hold", database.Path))
        {
            await holder.WaitForLineAsync(l => l == "open", s_workerTimeout);

            var error = Assert.Throws<InvalidOperationException>(() => database.Open());

            Assert.Contains($"The vector store database '{database.Path}' is in use by another store, in this process or another", error.Message, StringComparison.Ordinal);
            holder.Kill();
        }

        using var store = database.Open();
        Assert.Empty(await store.ListCollectionNamesAsync().ToListAsync());
    }

    private static WorkerProcess StartUpsertWorker(TempDatabase database, int first, int calls = 1_000, int? stopIn = null)
        => WorkerProcess.Start(
            typeof(CrashWorker).Assembly,
            [
                "upsert",
                database.Path,
                CrashDimensions.ToString(CultureInfo.InvariantCulture),
                first.ToString(CultureInfo.InvariantCulture),
                calls.ToString(CultureInfo.InvariantCulture),
                CrashRecordsPerCall.ToString(CultureInfo.InvariantCulture),
                .. stopIn is { } stop ? (string[])["stop-in", stop.ToString(CultureInfo.InvariantCulture)] : [],
            ]);

    /// <summary>
    /// Reopens the database and checks that it holds calls 0..N whole, each record as written, and nothing of a later call: N is at
    /// least the last call the killed worker reported done, and at most the last one it began.
    /// </summary>
    /// <returns>N, the last call stored (-1 for none).</returns>
    private static async Task<int> AssertWholeCallsAsync(TempDatabase database, WorkerProcess? killed, int storedBefore)
    {
        var atLeast = Math.Max(storedBefore, LastCall(killed, "done"));
        var atMost = killed is null ? int.MaxValue : Math.Max(storedBefore, LastCall(killed, "begin"));
        using var store = database.Open();
        if (!await store.CollectionExistsAsync(CrashWorker.CollectionName))
        {
            Assert.Equal(-1, atLeast);
            return -1;
        }

        var collection = store.GetCollection<string, CallRecord>(CrashWorker.CollectionName, CallRecord.Definition(CrashDimensions));
        var records = await collection.GetAsync(r => r.Call >= 0, int.MaxValue, new() { IncludeVectors = true }).ToListAsync();
        var calls = records.GroupBy(r => r.Call).OrderBy(g => g.Key).ToList();
        var last = calls.Count == 0 ? -1 : calls[^1].Key;

        Assert.Equal(Enumerable.Range(0, last + 1), calls.Select(g => g.Key));
        Assert.InRange(last, atLeast, atMost);
        foreach (var group in calls)
        {
            Assert.Equal(CrashRecordsPerCall, group.Count());
            foreach (var record in group)
            {
                var expected = CallRecord.Create(record.Call, record.Index, CrashDimensions);
                Assert.Equal((expected.Key, expected.Text), (record.Key, record.Text));
                Assert.Equal(expected.Vector.ToArray(), record.Vector.ToArray());
            }
        }

        return last;
    }

    private static int LastCall(WorkerProcess? worker, string step)
        => worker?.Lines.Where(l => l.StartsWith(step + " ", StringComparison.Ordinal))
            .Select(l => int.Parse(l[(step.Length + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1).Max() ?? -1;
}
