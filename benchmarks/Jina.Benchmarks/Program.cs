using BenchmarkDotNet.Running;
using Jina.Benchmarks;

// "rate-limits" is a scenario run (minutes of ingestion against rate limits), not a BenchmarkDotNet microbenchmark.
if (args is ["rate-limits", .. var rest])
{
    return await RateLimitBenchmark.RunAsync(rest);
}

// "rescoring-recall" measures how much of the exact ranking the two-stage bit-vector search keeps, on the local engine's vectors.
if (args is ["rescoring-recall", .. var recallArgs])
{
    return await RescoringRecall.RunAsync(recallArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
