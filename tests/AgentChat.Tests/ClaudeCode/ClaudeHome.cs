using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AgentChat.Configuration;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// A user's home as a Claude Code session on an agent's host has it, in a temp dir: the agent's account in the default
/// config file (<c>~/.config/agentchat/config.json</c>), <c>cchat</c> on the PATH (<c>~/bin</c>), <c>~/.claude.json</c>
/// with onboarding done and the project trusted, and a project dir. Everything (the agent's daemon, <c>claude</c>, the
/// tools it starts) runs under <c>env -i</c> with only what is set here, and Claude Code's model is the stand-in.
/// </summary>
internal sealed class ClaudeHome : IAsyncDisposable
{
    /// <summary>An API key Claude Code accepts the shape of; the stand-in ignores it. Its last 20 characters are approved.</summary>
    private const string ApiKey = "sk-ant-api03-standin-0123456789abcdefghijklmnop";

    private readonly StringBuilder _daemonLog = new();
    private Process? _daemon;

    private ClaudeHome(string root, string instance, StandInModel model)
    {
        Root = root;
        Instance = instance;
        Model = model;
    }

    public string Root { get; }
    public string Project => Path.Combine(Root, "project");
    public string ConfigPath => Path.Combine(Root, ".config", "agentchat", "config.json");
    public string Instance { get; }
    public StandInModel Model { get; }
    public string DaemonLog { get { lock (_daemonLog) return _daemonLog.ToString(); } }

    /// <summary>Variables added to (or, with a null value, removed from) the environment of <c>claude</c>.</summary>
    public Dictionary<string, string?> ClaudeEnv { get; } = new(StringComparer.Ordinal)
    {
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
        // Else it clones Anthropic's plugin marketplace with git (github.com over https, then ssh) at every start.
        ["CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL"] = "1",
    };

    public static ClaudeHome Create(SynapseServer server, TestUser user, string room, StandInModel model)
    {
        var root = Path.Combine(Path.GetTempPath(), "agentchat-claude-tests", Guid.NewGuid().ToString("N")[..12]);
        var home = new ClaudeHome(root, user.UserId.Localpart, model);
        Directory.CreateDirectory(home.Project);
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.CreateSymbolicLink(Path.Combine(root, "bin", "cchat"), Cchat.Binary);
        new ConfigFile { Homeserver = server.Homeserver.ToString(), UserId = user.UserId.Value, AccessToken = user.AccessToken, Room = room }.Save(home.ConfigPath);
        var state = new JsonObject
        {
            ["hasCompletedOnboarding"] = true,
            ["lastOnboardingVersion"] = ClaudeCodeInstall.Version,
            ["theme"] = "dark",
            ["customApiKeyResponses"] = new JsonObject { ["approved"] = new JsonArray(ApiKey[^20..]), ["rejected"] = new JsonArray() },
            ["projects"] = new JsonObject { [home.Project] = new JsonObject { ["hasTrustDialogAccepted"] = true, ["hasCompletedProjectOnboarding"] = true } },
        };
        File.WriteAllText(Path.Combine(root, ".claude.json"), state.ToJsonString());
        return home;
    }

    public string SearchPath => $"{Root}/bin:{McpUserHome.SearchPath}";

    /// <summary>The environment of <c>claude</c> and all it starts, as <c>env -i</c> arguments.</summary>
    public IReadOnlyList<string> Environment(bool interactive = false)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Root,
            ["PATH"] = SearchPath,
            ["ANTHROPIC_BASE_URL"] = Model.Url.ToString().TrimEnd('/'),
            ["ANTHROPIC_API_KEY"] = ApiKey,
        };
        if (interactive) env["TERM"] = "xterm-256color";
        foreach (var (k, v) in ClaudeEnv) env[k] = v;
        return [.. env.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}")];
    }

    /// <summary>Runs <paramref name="file"/> in the project dir under <c>env -i</c> with this home's environment.</summary>
    public Task<ProcessRunner.Result> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null) =>
        ProcessRunner.RunAsync("env", ["-C", Project, "-i", .. Environment(), file, .. args], timeout ?? TimeSpan.FromSeconds(90), stdin: stdin);

    /// <summary>Runs <c>claude</c> with <paramref name="args"/>; its model is the stand-in.</summary>
    public Task<ProcessRunner.Result> ClaudeAsync(params string[] args) => RunAsync(ClaudeCodeInstall.Executable, args, TimeSpan.FromMinutes(2));

    /// <summary>Runs <c>claude -p PROMPT</c> and requires exit 0, failing with its output and the model's requests.</summary>
    public async Task<string> PrintAsync(string prompt, params string[] args)
    {
        var r = await ClaudeAsync(["-p", prompt, .. args]);
        Assert.True(r.ExitCode == 0, $"claude -p exited {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}\nrequests:\n{Model.Describe()}\ndaemon:\n{DaemonLog}");
        return r.StdOut;
    }

    /// <summary>Writes <c>~/.claude/settings.json</c>, merging <paramref name="settings"/> into what is there.</summary>
    public void MergeSettings(string settings)
    {
        var path = Path.Combine(Root, ".claude", "settings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var current = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        foreach (var (k, v) in JsonNode.Parse(settings)!.AsObject()) current[k] = v?.DeepClone();
        File.WriteAllText(path, current.ToJsonString());
    }

    /// <summary>Merges <paramref name="state"/> into <c>~/.claude.json</c> (Claude Code's own state file).</summary>
    public void MergeState(string state)
    {
        var path = Path.Combine(Root, ".claude.json");
        var current = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var (k, v) in JsonNode.Parse(state)!.AsObject()) current[k] = v?.DeepClone();
        File.WriteAllText(path, current.ToJsonString());
    }

    /// <summary>Processes still running whose command line names this home (a <c>cchat mcp</c> or hook left behind).</summary>
    public IReadOnlyList<string> ProcessesLeft()
    {
        var left = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == _daemon?.Id) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(Root, StringComparison.Ordinal) && !cmdline.StartsWith("tmux", StringComparison.Ordinal)) left.Add($"{pid}: {cmdline}");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return left;
    }

    /// <summary>The skill as docs/claude-code.md installs it: <c>skills/cchat</c> copied to <c>~/.claude/skills/cchat</c>.</summary>
    public void InstallSkill()
    {
        var source = Path.Combine(RepoPaths.Root, "skills", "cchat");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, ".claude", "skills", "cchat", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The hooks as docs/wake.md installs them: <c>skills/cchat/hooks/settings.json</c> merged into <c>~/.claude/settings.json</c>.</summary>
    public void InstallHooks() => MergeSettings(File.ReadAllText(Path.Combine(RepoPaths.Root, "skills", "cchat", "hooks", "settings.json")));

    /// <summary>Waits until the agent's daemon holds a message whose text contains <paramref name="text"/> (a peek: nothing marked read).</summary>
    public async Task WaitHeldAsync(string text)
    {
        var gateway = Gateway ?? throw new InvalidOperationException("no daemon started");
        await Eventually.WaitAsync(async () =>
        {
            var body = await gateway.GetStringAsync("/read?since=0&limit=1000");
            var read = System.Text.Json.JsonSerializer.Deserialize(body, AgentChat.Gateway.GatewayJsonContext.Default.ReadResponse)!;
            return read.Messages.Any(m => m.Text.Contains(text, StringComparison.Ordinal)) ? "held" : null;
        }, Cchat.Timeout, $"{Instance}'s daemon holds '{text}'");
    }

    /// <summary>The MCP server as the README registers it: its <c>claude mcp add --scope user</c> line, run by bash.</summary>
    public async Task AddMcpServerAsync()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        var line = readme.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("claude mcp add ", StringComparison.Ordinal));
        var r = await RunAsync("bash", ["-c", line.Replace("claude mcp add", $"'{ClaudeCodeInstall.Executable}' mcp add", StringComparison.Ordinal)]);
        Assert.True(r.ExitCode == 0, $"{line} exited {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
    }

    /// <summary>Starts <c>cchat daemon</c> under the same environment and waits until it publishes its discovery file and syncs.</summary>
    public async Task StartDaemonAsync()
    {
        var psi = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-i", "HOME=" + Root, "PATH=" + SearchPath, Cchat.Binary, "daemon", "--port", "0"]) psi.ArgumentList.Add(a);
        _daemon = Process.Start(psi)!;
        _daemon.ErrorDataReceived += (_, e) => { lock (_daemonLog) _daemonLog.AppendLine(e.Data); };
        _daemon.OutputDataReceived += (_, e) => { lock (_daemonLog) _daemonLog.AppendLine(e.Data); };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();

        var stateDir = Path.Combine(Root, ".local", "state", "agentchat", Instance);
        var discovery = DiscoveryFile.PathFor(DiscoveryFile.Directory(k => k == "HOME" ? Root : null, stateDir), Instance);
        await Eventually.WaitAsync(() => Task.FromResult(_daemon.HasExited || DiscoveryFile.TryRead(discovery)?.Pid == _daemon.Id ? "ready" : null),
            Cchat.Timeout, $"discovery file {discovery}");
        Assert.False(_daemon.HasExited, $"cchat daemon exited early:\n{DaemonLog}");
        var file = DiscoveryFile.TryRead(discovery)!;
        Gateway = new HttpClient { BaseAddress = new Uri(file.Gateway), Timeout = TimeSpan.FromSeconds(30) };
        Gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", file.Token);
        await Eventually.WaitAsync(async () =>
        {
            using var r = await Gateway.GetAsync("/health");
            return r.IsSuccessStatusCode ? "ok" : null;
        }, Cchat.Timeout, $"cchat daemon healthy; log:\n{DaemonLog}");
    }

    /// <summary>The agent's daemon gateway, with its bearer token (after <see cref="StartDaemonAsync"/>).</summary>
    public HttpClient? Gateway { get; private set; }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (_daemon is not null)
        {
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
