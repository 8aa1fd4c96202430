using System.Diagnostics;
using System.Text;

namespace AgentChat.Cli.Leases;

/// <summary>Runs git for the lease guard and hook: the answer, or a usage error saying what git said.</summary>
internal static class Git
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<string> RunAsync(string? repo, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
        if (repo is not null)
        {
            psi.ArgumentList.Add("-C");
            psi.ArgumentList.Add(repo);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new UsageException("cannot run git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"cannot run git ({e.Message}): is it installed and on PATH?");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(bounded.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (process.ExitCode != 0)
                throw new UsageException($"git {string.Join(' ', args)} failed: {(await stderr).Trim()}");
            return await stdout;
        }
    }
}
