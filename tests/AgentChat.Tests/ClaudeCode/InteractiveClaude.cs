using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The interactive Claude Code (its terminal UI) in a detached tmux session on a private socket: the test reads the
/// screen and types. It writes its debug log to <see cref="DebugLog"/> (hook runs, MCP and channel decisions).
/// </summary>
internal sealed class InteractiveClaude : IAsyncDisposable
{
    private const string Session = "claude";

    private readonly ClaudeHome _home;

    private InteractiveClaude(ClaudeHome home) => _home = home;

    private string Socket => Path.Combine(_home.Root, "tmux.sock");

    public string DebugLog => Path.Combine(_home.Root, "claude-debug.log");

    public static async Task<InteractiveClaude> StartAsync(ClaudeHome home, params string[] args)
    {
        var claude = new InteractiveClaude(home);
        var r = await ProcessRunner.RunAsync(ClaudeCodeInstall.Tmux,
            ["-S", claude.Socket, "new-session", "-d", "-x", "160", "-y", "50", "-s", Session, "--",
             "env", "-C", home.Project, "-i", .. home.Environment(interactive: true), ClaudeCodeInstall.Executable, "--debug-file", claude.DebugLog, .. args],
            TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 0, $"tmux new-session exited {r.ExitCode}: {r.StdErr}");
        return claude;
    }

    public async Task<string> ScreenAsync()
    {
        var r = await ProcessRunner.RunAsync(ClaudeCodeInstall.Tmux, ["-S", Socket, "capture-pane", "-p", "-t", Session], TimeSpan.FromSeconds(30));
        return r.ExitCode == 0 ? r.StdOut : $"(no screen: {r.StdErr})";
    }

    /// <summary>Waits until the screen shows <paramref name="text"/>, failing with the screen and the debug log's tail.</summary>
    public async Task<string> WaitForScreenAsync(string text, TimeSpan? timeout = null)
    {
        try
        {
            return await Eventually.WaitAsync(async () => await ScreenAsync() is var s && s.Contains(text, StringComparison.Ordinal) ? s : null,
                timeout ?? StandInModel.Timeout, $"the screen shows '{text}'");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nscreen:\n{await ScreenAsync()}\ndebug log tail:\n{DebugTail()}", e);
        }
    }

    /// <summary>Waits until the debug log has a line containing <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.WaitAsync(() => Task.FromResult(File.Exists(DebugLog) && ReadLog().Contains(text, StringComparison.Ordinal) ? "seen" : null),
                timeout ?? StandInModel.Timeout, $"the debug log says '{text}'");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nscreen:\n{await ScreenAsync()}\ndebug log tail:\n{DebugTail()}", e);
        }
    }

    public string ReadLog()
    {
        using var stream = new FileStream(DebugLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public string DebugTail(int lines = 40) => File.Exists(DebugLog) ? string.Join('\n', ReadLog().Split('\n').TakeLast(lines)) : "(no debug log)";

    /// <summary>Types <paramref name="text"/> and presses Enter.</summary>
    public async Task TypeAsync(string text)
    {
        if (text.Length > 0) await TmuxAsync("send-keys", "-t", Session, "-l", text);
        await TmuxAsync("send-keys", "-t", Session, "Enter");
    }

    public Task PressAsync(string key) => TmuxAsync("send-keys", "-t", Session, key);

    private async Task TmuxAsync(params string[] args)
    {
        var r = await ProcessRunner.RunAsync(ClaudeCodeInstall.Tmux, ["-S", Socket, .. args], TimeSpan.FromSeconds(30));
        Assert.True(r.ExitCode == 0, $"tmux {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr}");
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync(ClaudeCodeInstall.Tmux, ["-S", Socket, "kill-server"], TimeSpan.FromSeconds(30));
}
