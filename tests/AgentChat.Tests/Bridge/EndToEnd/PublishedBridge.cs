using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentChat.Tests.ClaudeCode;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>
/// The published <c>cchat bridge</c> (AGENTCHAT_CCHAT_BINARY) as its own process, on the rig's account and state, with
/// Claude Code's environment as the rig's; its stdout and stderr kept for a failing test's message.
/// </summary>
internal sealed class PublishedBridge : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Process _process;
    private readonly BridgeRig _rig;

    private PublishedBridge(Process process, BridgeRig rig)
    {
        _process = process;
        _rig = rig;
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts it and returns once it logs that it serves.</summary>
    public static async Task<PublishedBridge> StartAsync(BridgeRig rig)
    {
        var psi = new ProcessStartInfo(Cchat.Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["bridge", "--port", "0", "--claude", ClaudeCodeInstall.Executable, "--workdir", rig.Home.Project,
                     "--status-after", "1", "--timeout", BridgeRig.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)])
            psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("AGENTCHAT_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        foreach (var (k, v) in rig.ClaudeEnvironment()) psi.Environment[k] = v;
        foreach (var (k, v) in rig.AgentEnvironment()) psi.Environment[k] = v;
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(rig.StateDir, "config");
        var bridge = new PublishedBridge(Process.Start(psi)!, rig);
        bridge._process.ErrorDataReceived += (_, e) => bridge.Append(e.Data);
        bridge._process.OutputDataReceived += (_, e) => bridge.Append(e.Data);
        bridge._process.BeginErrorReadLine();
        bridge._process.BeginOutputReadLine();
        try
        {
            await rig.UntilAsync(() => Task.FromResult(bridge._process.HasExited || bridge.Log.Contains(" serving: ", StringComparison.Ordinal) ? "up" : null),
                "the published bridge serving", () => bridge.Log);
            if (bridge._process.HasExited) Assert.Fail($"the published bridge exited {bridge._process.ExitCode}:\n{bridge.Log}");
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync(); // a bridge that did not come up is not left running
            throw;
        }
    }

    /// <summary>SIGKILL: nothing of the bridge runs its shutdown. The Claude Code it started is left orphaned, as it would be.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(BridgeRig.Timeout);
        KillOrphans();
    }

    /// <summary>SIGTERM, and the wait for a clean stop.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync().WaitAsync(BridgeRig.Timeout);
    }

    /// <summary>The processes a killed bridge left running (its Claude Code and that one's MCP server), found by the bridge's state dir.</summary>
    private void KillOrphans()
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(_rig.StateDir, StringComparison.Ordinal)) Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // gone already
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await KillAsync();
            else KillOrphans();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
