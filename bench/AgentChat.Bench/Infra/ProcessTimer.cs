using System.Diagnostics;

namespace AgentChat.Bench.Infra;

/// <summary>Wall time of one short-lived process, from spawn to exit, the way a shell sees it.</summary>
internal static class ProcessTimer
{
    public static async Task<double> RunMsAsync(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, CancellationToken ct, TimeSpan? budget = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {(budget ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        }
        var ms = sw.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args.Take(1))} exited {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        await Task.WhenAll(stdout, stderr);
        return ms;
    }
}
