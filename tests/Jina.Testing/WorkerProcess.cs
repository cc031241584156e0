using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Jina.Testing;

/// <summary>A child process running a test assembly as a program, for tests that kill a process in the middle of its work.</summary>
/// <remarks>
/// The test assembly is started with <c>dotnet &lt;assembly&gt;.dll args</c>; its own <c>Main</c> does the work and prints one line per
/// step, which the test waits for before killing it (SIGKILL on Unix, TerminateProcess on Windows: no finalizer, no flush).
/// </remarks>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets the lines the worker printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Gets a value indicating whether the worker has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the assembly as a program with the given arguments.</summary>
    /// <param name="assembly">The test assembly, which must have a <c>Main</c> of its own.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The running worker.</returns>
    public static WorkerProcess Start(Assembly assembly, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (worker._lines)
                {
                    worker._lines.Add(line);
                }
            }

            worker._changed.Release();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (worker._errors)
                {
                    worker._errors.AppendLine(line);
                }
            }
        };
        process.Exited += (_, _) => worker._changed.Release();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker prints a line that matches.</summary>
    /// <param name="match">The line looked for.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The line.</returns>
    /// <exception cref="TimeoutException">No such line came in time, or the worker exited first.</exception>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                if (Lines.FirstOrDefault(match) is { } last)
                {
                    return last;
                }

                throw new TimeoutException($"The worker exited with code {_process.ExitCode} before the expected line. {Describe()}");
            }

            try
            {
                await _changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The worker did not print the expected line within {timeout}. {Describe()}");
            }
        }
    }

    /// <summary>Polls a condition until it holds.</summary>
    /// <param name="condition">The condition, such as a file having appeared.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>True when the condition held; false when the worker exited or the time ran out first.</returns>
    public Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Task.Run(async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < timeout)
            {
                if (condition())
                {
                    return true;
                }

                if (_process.HasExited)
                {
                    return condition();
                }

                await Task.Delay(1).ConfigureAwait(false);
            }

            return false;
        });
    }

    /// <summary>Kills the worker at once and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            // Not the process tree: walking it takes long enough for a short transaction to commit meanwhile.
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It already exited.
        }

        _process.WaitForExit();
    }

    /// <summary>Waits for the worker to finish on its own.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">The worker did not finish in time (it is killed).</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The worker did not finish within {timeout}. {Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Describes the worker's output, for assertion messages.</summary>
    /// <returns>Its last lines and its error output.</returns>
    public string Describe()
    {
        string errors;
        lock (_errors)
        {
            errors = _errors.ToString();
        }

        return $"Last output: [{string.Join(" | ", Lines.TakeLast(5))}]; errors: [{errors.Trim()}]";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        _changed.Dispose();
    }
}
