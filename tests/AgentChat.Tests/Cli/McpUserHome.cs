using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentChat.Configuration;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// One agent's home as an MCP client leaves it: the account in a config file at a non-default path, and nothing in
/// the environment but HOME and PATH (<c>env -i</c>). The daemon, <c>cchat</c> and the MCP client all run that way.
/// </summary>
internal sealed class McpUserHome : IAsyncDisposable
{
    public const string SearchPath = "/usr/local/bin:/usr/bin:/bin";

    private readonly StringBuilder _daemonLog = new();
    private Process? _daemon;

    private McpUserHome(string root, string configPath, string instance)
    {
        Root = root;
        ConfigPath = configPath;
        Instance = instance;
    }

    public string Root { get; }
    public string ConfigPath { get; }
    public string Instance { get; }
    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    /// <summary>A home whose config file holds <paramref name="user"/>'s account, or nothing when <paramref name="user"/> is null.</summary>
    public static McpUserHome Create(SynapseServer? server, TestUser? user, string? room)
    {
        var root = Path.Combine(Path.GetTempPath(), "agentchat-mcp-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "agent", "config.json");
        if (server is not null && user is not null)
            new ConfigFile { Homeserver = server.Homeserver.ToString(), UserId = user.UserId.Value, AccessToken = user.AccessToken, Room = room }.Save(config);
        return new McpUserHome(root, config, user?.UserId.Localpart ?? "agent");
    }

    /// <summary>The environment an MCP client passes, as <c>env -i</c> arguments.</summary>
    public IReadOnlyList<string> MinimalEnv => ["HOME=" + Root, "PATH=" + SearchPath];

    /// <summary>Runs <paramref name="file"/> under <c>env -i</c> with only <see cref="MinimalEnv"/>.</summary>
    public Task<ProcessRunner.Result> RunAsync(string file, IEnumerable<string> args, string? stdin = null) =>
        ProcessRunner.RunAsync("env", ["-i", .. MinimalEnv, file, .. args], TimeSpan.FromSeconds(90), stdin: stdin);

    /// <summary>Writes <c>cchat mcp --print-config</c>'s entry to <c>.mcp.json</c> in this home and returns its path.</summary>
    public async Task<string> PrintConfigAsync(params string[] extra)
    {
        var r = await RunAsync(Cchat.Binary, ["mcp", "--print-config", "--config", ConfigPath, .. extra]);
        Assert.True(r.ExitCode == 0, $"cchat mcp --print-config exited {r.ExitCode}: {r.StdErr}");
        var path = Path.Combine(Root, ".mcp.json");
        await File.WriteAllTextAsync(path, r.StdOut);
        return path;
    }

    /// <summary>Starts <c>cchat daemon --config</c> the same way and waits until it publishes its discovery file and syncs.</summary>
    public async Task StartDaemonAsync()
    {
        var psi = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-i", .. MinimalEnv, Cchat.Binary, "daemon", "--config", ConfigPath, "--port", "0"]) psi.ArgumentList.Add(a);
        _daemon = Process.Start(psi)!;
        _daemon.ErrorDataReceived += (_, e) => { lock (_daemonLog) _daemonLog.AppendLine(e.Data); };
        _daemon.OutputDataReceived += (_, e) => { lock (_daemonLog) _daemonLog.AppendLine(e.Data); };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();

        // Where the daemon must have written it with no XDG_RUNTIME_DIR: /run/user/<uid> when present, else the state dir.
        var stateDir = Path.Combine(Root, ".local", "state", "agentchat", Instance);
        var discovery = DiscoveryFile.PathFor(DiscoveryFile.Directory(k => k == "HOME" ? Root : null, stateDir), Instance);
        await Eventually.WaitAsync(() => Task.FromResult(_daemon.HasExited || DiscoveryFile.TryRead(discovery)?.Pid == _daemon.Id ? "ready" : null),
            Cchat.Timeout, $"discovery file {discovery}");
        Assert.False(_daemon.HasExited, $"cchat daemon exited early:\n{DaemonLog}");
        var file = DiscoveryFile.TryRead(discovery)!;
        using var http = new HttpClient { BaseAddress = new Uri(file.Gateway), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", file.Token);
        await Eventually.WaitAsync(async () =>
        {
            using var r = await http.GetAsync("/health");
            return r.IsSuccessStatusCode ? "ok" : null;
        }, Cchat.Timeout, $"cchat daemon healthy; log:\n{DaemonLog}");
    }

    /// <summary>The text of a tools/call result as the Inspector prints it, and whether it is an error.</summary>
    public static (string Text, bool IsError) ToolResult(string inspectorOutput)
    {
        using var doc = JsonDocument.Parse(inspectorOutput);
        var text = string.Concat(doc.RootElement.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        return (text, doc.RootElement.TryGetProperty("isError", out var e) && e.ValueKind == JsonValueKind.True);
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is not null)
        {
            // SIGTERM, so the daemon removes its discovery file even when that is outside this home (/run/user/<uid>).
            if (!_daemon.HasExited)
                await ProcessRunner.RunAsync("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            try
            {
                await _daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _daemon.Kill(entireProcessTree: true);
            }
            _daemon.Dispose();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
