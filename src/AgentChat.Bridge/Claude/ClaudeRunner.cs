using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Claude;

/// <summary>
/// Runs Claude Code once, with no shell in between: the argument list as given, the prompt on stdin, the
/// stream-json lines of stdout read as they come. The whole process tree (Claude Code and the MCP server it
/// started) is killed when the timeout passes or <paramref name="ct"/> fires. AgentChat's own variables
/// (<c>AGENTCHAT_*</c>: access and gateway tokens among them) are taken out of its environment.
/// </summary>
internal sealed partial class ClaudeRunner(TimeProvider time, ILogger<ClaudeRunner> logger)
{
    private const int StderrTailChars = 2000;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    /// <summary>Runs to the end, the timeout or <paramref name="ct"/> (then throws <see cref="OperationCanceledException"/>, the tree killed).</summary>
    public async Task<ClaudeOutcome> RunAsync(string claude, IReadOnlyList<string> args, string prompt, string workDir, TimeSpan timeout,
        IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        var info = new ProcessStartInfo(claude)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false, WorkingDirectory = workDir,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AGENTCHAT_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or FileNotFoundException or DirectoryNotFoundException)
        {
            LogMissing(logger, claude, e.Message);
            return new ClaudeOutcome(ClaudeFailure.Missing, null, null, null, null, false, null, "", time.GetElapsedTime(start));
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var parser = new StreamJsonParser();
        var stderr = new StringBuilder();
        // Reads on a child's pipes cannot be cancelled on Linux: the deadline kills the tree, which ends them (EOF).
        using var kill = linked.Token.Register(() => KillTree(process));
        LogStarted(logger, process.Id, args.Contains("--resume"));
        var stderrTask = ReadStderrAsync(process.StandardError, stderr);
        var reading = ReadStdoutAsync(process.StandardOutput, parser);
        try
        {
            await process.StandardInput.WriteAsync(prompt);
            await process.StandardInput.FlushAsync(CancellationToken.None);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it exited (or was killed) before reading the prompt: what it said comes below
        }
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            KillTree(process);
            if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
            LogTimeout(logger, process.Id, timeout.TotalSeconds);
            await Drain(reading, stderrTask);
            return Outcome(ClaudeFailure.Timeout, parser, null, stderr, start);
        }
        // Exited: what it wrote is read to the end, unless a process it left behind holds the pipes open.
        await Drain(reading, stderrTask);

        var exit = process.ExitCode;
        LogExited(logger, process.Id, exit, time.GetElapsedTime(start).TotalSeconds);
        ClaudeFailure failure;
        lock (parser) failure = parser.Result is { IsError: true } ? ClaudeFailure.Error
            : parser.Result is null ? (exit == 0 ? ClaudeFailure.NoResult : ClaudeFailure.Exit)
            : exit != 0 ? ClaudeFailure.Exit : ClaudeFailure.None;
        if (parser.Skipped > 0) LogSkipped(logger, parser.Skipped, parser.Lines);
        if (failure != ClaudeFailure.None) LogFailed(logger, failure.ToString(), exit, Redaction.OneLine(Tail(stderr), 500));
        return Outcome(failure, parser, exit, stderr, start);
    }

    private ClaudeOutcome Outcome(ClaudeFailure failure, StreamJsonParser p, int? exit, StringBuilder stderr, long start)
    {
        lock (p) return new(failure, p.Result, p.Result?.SessionId ?? p.SessionId, p.Model, exit, p.SawInit, p.LastAssistantText, Tail(stderr), time.GetElapsedTime(start));
    }

    private static string Tail(StringBuilder b)
    {
        lock (b) return b.Length <= StderrTailChars ? b.ToString() : b.ToString(b.Length - StderrTailChars, StderrTailChars);
    }

    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(3);

    private async Task Drain(Task reading, Task stderr)
    {
        await Task.WhenAny(Task.WhenAll(reading, stderr), Task.Delay(DrainGrace, time));
    }

    private static async Task ReadStdoutAsync(StreamReader reader, StreamJsonParser parser)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
                lock (parser) parser.Feed(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private static async Task ReadStderrAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        try
        {
            int n;
            while ((n = await reader.ReadAsync(buffer.AsMemory())) > 0)
            {
                lock (into)
                {
                    into.Append(buffer, 0, n);
                    if (into.Length > 4 * StderrTailChars) into.Remove(0, into.Length - StderrTailChars);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(ExitWait);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            LogKillFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Claude Code cannot be started as '{Claude}' ({Reason}): install it or set --claude / AGENTCHAT_BRIDGE_CLAUDE")]
    private static partial void LogMissing(ILogger logger, string claude, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claude Code started (pid {Pid}, resuming a session: {Resume})")]
    private static partial void LogStarted(ILogger logger, int pid, bool resume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claude Code (pid {Pid}) exited with {Exit} after {Seconds:0.0} s")]
    private static partial void LogExited(ILogger logger, int pid, int exit, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claude Code (pid {Pid}) ran past the {Seconds:0} s timeout: its process tree was killed")]
    private static partial void LogTimeout(ILogger logger, int pid, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claude Code gave no answer ({Failure}, exit code {Exit}); stderr: {Stderr}")]
    private static partial void LogFailed(ILogger logger, string failure, int exit, string stderr);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Skipped} of {Lines} stream-json lines could not be read and were passed over")]
    private static partial void LogSkipped(ILogger logger, int skipped, int lines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "killing Claude Code's process tree failed: {Reason}")]
    private static partial void LogKillFailed(ILogger logger, string reason);
}
