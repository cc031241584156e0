using System.Runtime.ExceptionServices;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>Runs an exhaustive scan of a collection's rows into a heap of the <c>k</c> best, on all cores for large collections.</summary>
internal static class RowScan
{
    /// <summary>Scans rows 0 to <paramref name="rowCount"/> with <paramref name="scanRange"/>, which offers the rows of one range to its heap.</summary>
    /// <param name="rowCount">One past the highest row.</param>
    /// <param name="k">How many rows to keep.</param>
    /// <param name="parallelThreshold">The number of rows from which ranges are scanned in parallel.</param>
    /// <param name="cancellationToken">Cancels a parallel scan between ranges.</param>
    /// <param name="scanRange">Scans the rows from its first argument up to its second into the heap.</param>
    /// <returns>The kept rows, best first.</returns>
    public static (int Row, float Score)[] Run(int rowCount, int k, int parallelThreshold, CancellationToken cancellationToken, Action<int, int, TopK> scanRange)
    {
        if (rowCount < parallelThreshold || Environment.ProcessorCount == 1)
        {
            var heap = new TopK(k);
            scanRange(0, rowCount, heap);
            return heap.ToSortedArray();
        }

        // Ranges of at least 4096 rows keep the per-range overhead (a heap, a scratch buffer) negligible.
        var ranges = Math.Min(Environment.ProcessorCount * 4, (rowCount + 4095) / 4096);
        var rangeSize = (rowCount + ranges - 1) / ranges;
        var heaps = new TopK[ranges];
        try
        {
            _ = Parallel.For(
                0,
                ranges,
                new ParallelOptions { CancellationToken = cancellationToken },
                r =>
                {
                    heaps[r] = new TopK(k);
                    scanRange(r * rangeSize, Math.Min(rowCount, (r + 1) * rangeSize), heaps[r]);
                });
        }
        catch (AggregateException e)
        {
            // A filter that throws fails the search with its own exception, as it does on a collection scanned on one thread.
            ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
            throw;
        }

        for (var r = 1; r < heaps.Length; r++)
        {
            heaps[0].Merge(heaps[r]);
        }

        return heaps[0].ToSortedArray();
    }
}
