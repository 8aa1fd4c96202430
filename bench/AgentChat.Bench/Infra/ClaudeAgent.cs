using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentChat.Bench.Infra;

/// <summary>
/// An agent whose session is the real Claude Code (the pinned release under <c>/var/cache/agentchat/claude-code</c>,
/// or <c>AGENTCHAT_CLAUDE</c>), set up as docs/claude-code.md says, with the stand-in as its model: its own account and
/// published <c>cchat daemon</c>, whose state dir is also the session's HOME, holding <c>~/.claude.json</c> (onboarding
/// done, the project trusted, <c>cchat mcp</c> registered at user scope), <c>~/.claude/settings.json</c> (the hooks of
/// <c>skills/cchat/hooks</c>, the cchat tools allowed) and <c>~/bin/cchat</c>. Secrets go to the environment of the
/// processes, never into an argument list: tmux runs a 0600 script that sets them.
/// </summary>
internal sealed class ClaudeAgent : IAsyncDisposable
{
    public const string Pinned = "2.1.197";
    private const string ApiKey = "sk-ant-api03-standin-0123456789abcdefghijklmnop";
    private const string TmuxSession = "claude";

    private readonly BenchEnvironment _env;
    private bool _tmux;

    private ClaudeAgent(BenchEnvironment env, Account account, DaemonProcess daemon, StandInModel model)
    {
        _env = env;
        Account = account;
        Daemon = daemon;
        Model = model;
    }

    public Account Account { get; }
    public DaemonProcess Daemon { get; }
    public StandInModel Model { get; }
    public string Home => Daemon.StateDir;
    public string Project => Path.Combine(Home, "project");
    public string DebugLog => Path.Combine(Home, "claude-debug.log");
    private string Socket => Path.Combine(Home, "tmux.sock");

    public static string Executable =>
        (Environment.GetEnvironmentVariable("AGENTCHAT_CLAUDE") is { Length: > 0 } set ? set : "/var/cache/agentchat/claude-code/node_modules/.bin/claude")
        is var path && File.Exists(path) ? path
        : throw new InvalidOperationException($"Claude Code is not installed ({path} is missing): run `npm install --prefix /var/cache/agentchat/claude-code @anthropic-ai/claude-code@{Pinned}` (scripts/test.sh does it)");

    public static async Task<ClaudeAgent> CreateAsync(BenchEnvironment env, StandInModel model, string name, CancellationToken ct)
    {
        _ = Executable;
        var account = await env.RegisterAsync("bench-" + name, ct);
        var daemon = await env.StartDaemonAsync(account, name, ct);
        var agent = new ClaudeAgent(env, account, daemon, model);
        Directory.CreateDirectory(agent.Project);
        Directory.CreateDirectory(Path.Combine(agent.Home, "bin"));
        File.CreateSymbolicLink(Path.Combine(agent.Home, "bin", "cchat"), env.Options.Cchat);

        var mcpEnv = new JsonObject();
        foreach (var (k, v) in agent.AgentChatEnv) mcpEnv[k] = v;
        var state = new JsonObject
        {
            ["hasCompletedOnboarding"] = true,
            ["lastOnboardingVersion"] = Pinned,
            ["theme"] = "dark",
            ["customApiKeyResponses"] = new JsonObject { ["approved"] = new JsonArray(ApiKey[^20..]), ["rejected"] = new JsonArray() },
            ["projects"] = new JsonObject { [agent.Project] = new JsonObject { ["hasTrustDialogAccepted"] = true, ["hasCompletedProjectOnboarding"] = true } },
            ["mcpServers"] = new JsonObject
            {
                ["cchat"] = new JsonObject { ["type"] = "stdio", ["command"] = env.Options.Cchat, ["args"] = new JsonArray("mcp"), ["env"] = mcpEnv },
            },
            // what a session that once went online has cached: the flag that lets channels on (docs/claude-code.md)
            ["cachedGrowthBookFeatures"] = new JsonObject { ["tengu_harbor"] = true },
        };
        AgentChat.Configuration.PrivateFile.WriteAllBytes(Path.Combine(agent.Home, ".claude.json"), Encoding.UTF8.GetBytes(state.ToJsonString()));
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.GetFullPath("skills/cchat/hooks/settings.json"), ct))!.AsObject();
        settings["permissions"] = new JsonObject { ["allow"] = new JsonArray("mcp__cchat") };
        Directory.CreateDirectory(Path.Combine(agent.Home, ".claude"));
        await File.WriteAllTextAsync(Path.Combine(agent.Home, ".claude", "settings.json"), settings.ToJsonString(), ct);
        return agent;
    }

    /// <summary>The agent's own AgentChat environment (its daemon's), which the hooks and <c>cchat mcp</c> find it through.</summary>
    private Dictionary<string, string> AgentChatEnv => new(Daemon.Env);

    /// <summary>Claude Code's environment: the agent's, <c>~/bin</c> first on PATH, the stand-in as the API. With
    /// <paramref name="proxy"/>, nonessential traffic stays on (the channel needs it) and goes to that refusing proxy.</summary>
    public Dictionary<string, string> ClaudeEnv(string? proxy)
    {
        var e = AgentChatEnv;
        e["PATH"] = $"{Home}/bin:/usr/local/bin:/usr/bin:/bin";
        e["ANTHROPIC_BASE_URL"] = Model.Url.ToString().TrimEnd('/');
        e["ANTHROPIC_API_KEY"] = ApiKey;
        e["DISABLE_AUTOUPDATER"] = "1";
        e["CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL"] = "1";
        if (proxy is null) e["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        else
        {
            e["HTTPS_PROXY"] = e["HTTP_PROXY"] = proxy;
            e["NO_PROXY"] = "127.0.0.1,localhost";
        }
        return e;
    }

    /// <summary>The interactive Claude Code in a detached tmux session (private socket), writing its debug log.</summary>
    public async Task StartInteractiveAsync(string? proxy, IReadOnlyList<string> args, CancellationToken ct)
    {
        var env = ClaudeEnv(proxy);
        env["TERM"] = "xterm-256color";
        var script = new StringBuilder("#!/bin/sh\n");
        foreach (var (k, v) in env) script.Append("export ").Append(k).Append("='").Append(v.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        script.Append("cd '").Append(Project).Append("' && exec '").Append(Executable).Append("' --debug-file '").Append(DebugLog).Append('\'');
        foreach (var a in args) script.Append(" '").Append(a).Append('\'');
        script.Append('\n');
        var path = Path.Combine(Home, "claude.sh");
        AgentChat.Configuration.PrivateFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(script.ToString()));
        _tmux = true;
        await TmuxAsync(ct, "new-session", "-d", "-x", "160", "-y", "50", "-s", TmuxSession, "--", "/bin/sh", path);
    }

    public async Task<string> ScreenAsync(CancellationToken ct) => await TmuxAsync(ct, "capture-pane", "-p", "-t", TmuxSession);

    public async Task WaitForScreenAsync(string text, TimeSpan budget, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < budget)
        {
            if ((await ScreenAsync(ct)).Contains(text, StringComparison.Ordinal)) return;
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"Claude Code's screen never showed '{text}':\n{await ScreenAsync(ct)}");
    }

    public async Task WaitForLogAsync(string text, TimeSpan budget, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < budget)
        {
            if (ReadLog().Contains(text, StringComparison.Ordinal)) return;
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"Claude Code's debug log never said '{text}'; screen:\n{await ScreenAsync(ct)}");
    }

    public string ReadLog()
    {
        if (!File.Exists(DebugLog)) return "";
        using var stream = new FileStream(DebugLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public Task TypeAsync(string text, CancellationToken ct) => TypeThenEnterAsync(text, ct);

    private async Task TypeThenEnterAsync(string text, CancellationToken ct)
    {
        await TmuxAsync(ct, "send-keys", "-t", TmuxSession, "-l", text);
        await TmuxAsync(ct, "send-keys", "-t", TmuxSession, "Enter");
    }

    public Task PressAsync(string key, CancellationToken ct) => TmuxAsync(ct, "send-keys", "-t", TmuxSession, key);

    /// <summary><c>claude -p PROMPT</c> (headless), to its exit; returns the exit code.</summary>
    public async Task<int> PrintAsync(string prompt, TimeSpan budget, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Executable) { WorkingDirectory = Project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-p");
        psi.ArgumentList.Add(prompt);
        psi.Environment.Clear();
        foreach (var (k, v) in ClaudeEnv(null)) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start claude");
        var outText = p.StandardOutput.ReadToEndAsync(ct);
        var errText = p.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"claude -p did not finish within {budget.TotalSeconds:0} s");
        }
        await Task.WhenAll(outText, errText);
        return p.ExitCode;
    }

    /// <summary>Marks everything the agent holds read (GET /read, as the session's <c>read</c> would).</summary>
    public async Task MarkAllReadAsync(CancellationToken ct) => await Daemon.Http.GetByteArrayAsync("read?limit=1000", ct);

    /// <summary>Waits until the agent's daemon holds a message containing <paramref name="marker"/> (a peek: nothing marked read).</summary>
    public async Task WaitHeldAsync(string marker, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (GatewayCalls.Contains(await Daemon.Http.GetByteArrayAsync("read?since=0&limit=1000", ct), marker)) return;
            await Task.Delay(5, ct);
        }
        throw new TimeoutException($"the agent's daemon never held {marker}");
    }

    private async Task<string> TmuxAsync(CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add(Socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start tmux (apt-get install tmux)");
        var o = p.StandardOutput.ReadToEndAsync(ct);
        var e = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"tmux {args[0]} exited {p.ExitCode}: {await e}");
        return await o;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tmux)
        {
            try
            {
                await TmuxAsync(CancellationToken.None, "kill-server");
            }
            catch (InvalidOperationException)
            {
            }
        }
        _ = _env;
    }
}
