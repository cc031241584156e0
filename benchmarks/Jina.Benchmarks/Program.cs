using BenchmarkDotNet.Running;
using Jina.Benchmarks;

// "rate-limits" is a scenario run (minutes of ingestion against rate limits), not a BenchmarkDotNet microbenchmark.
if (args is ["rate-limits", .. var rest])
{
    return await RateLimitBenchmark.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
