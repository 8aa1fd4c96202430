using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

/// <summary>The published <c>cchat daemon</c> as a real process, for what only a process shows: SIGKILL, SIGTERM.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DaemonProcess(Process process, string runtimeDir)
    {
        _process = process;
        RuntimeDir = runtimeDir;
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string RuntimeDir { get; }
    public HttpClient Http { get; private set; } = null!;
    public string DiscoveryPath { get; private set; } = null!;
    public string Log { get { lock (_log) return _log.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to end by itself and returns its exit status.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public static async Task<DaemonProcess> StartAsync(SynapseServer server, TestUser user, string room, string stateDir)
    {
        var runtime = AgentEnvironment.RuntimeDir(stateDir);
        var psi = new ProcessStartInfo(Cchat.Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "daemon", "--port", "0" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in AgentEnvironment.For(server, user, room, stateDir)) psi.Environment[k] = v;
        var daemon = new DaemonProcess(Process.Start(psi)!, runtime);
        var discovery = Path.Combine(runtime, "agentchat", $"{user.UserId.Localpart}.json");
        // A killed predecessor leaves its file behind: wait for the one naming this process.
        await Eventually.WaitAsync(() => Task.FromResult(daemon.HasExited || WrittenBy(discovery, daemon._process.Id) ? "ready" : null),
            Cchat.Timeout, "discovery file written");
        if (daemon.HasExited) throw new InvalidOperationException($"cchat daemon exited early:\n{daemon.Log}");
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(discovery));
        daemon.DiscoveryPath = discovery;
        daemon.Http = new HttpClient { BaseAddress = new Uri(doc.RootElement.GetProperty("gateway").GetString()!), Timeout = TimeSpan.FromMinutes(1) };
        daemon.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", doc.RootElement.GetProperty("token").GetString());
        await Eventually.WaitAsync(async () =>
        {
            using var r = await daemon.Http.GetAsync("/health");
            return r.IsSuccessStatusCode ? "ok" : null;
        }, Cchat.Timeout, $"cchat daemon healthy; log:\n{daemon.Log}");
        return daemon;
    }

    private static bool WrittenBy(string path, int pid)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.GetProperty("pid").GetInt32() == pid;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }
    }

    public async Task<HttpResponseMessage> SendAsync(string json) =>
        await Http.PostAsync("/send", new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Cchat.Timeout);

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, then waits for the exit; returns how long the graceful stop took.</summary>
    public async Task<TimeSpan> TerminateAsync()
    {
        var clock = Stopwatch.StartNew();
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Http?.Dispose();
        _process.Dispose();
    }
}
