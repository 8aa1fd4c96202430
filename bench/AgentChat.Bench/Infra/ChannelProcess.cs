using System.Diagnostics;
using System.Text;

namespace AgentChat.Bench.Infra;

/// <summary>
/// <c>cchat mcp</c> driven over stdio by hand, as Claude Code drives a channel: initialize declaring
/// <c>claude/channel</c>, then note when each <c>notifications/claude/channel</c> line lands on stdout.
/// </summary>
internal sealed class ChannelProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(TimeSpan At, string Line)> _pushes = [];
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChannelProcess(Process process) => _process = process;

    public static async Task<ChannelProcess> StartAsync(string cchat, IReadOnlyDictionary<string, string> env, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(cchat) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("mcp");
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var channel = new ChannelProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start cchat mcp"));
        channel._process.OutputDataReceived += (_, e) => channel.OnLine(e.Data);
        channel._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (channel._stderr) channel._stderr.AppendLine(e.Data);
            if (e.Data.Contains("channel: connected", StringComparison.Ordinal)) channel._connected.TrySetResult();
        };
        channel._process.BeginOutputReadLine();
        channel._process.BeginErrorReadLine();
        var stdin = channel._process.StandardInput;
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"experimental":{"claude/channel":{}}},"clientInfo":{"name":"bench","version":"1"}}}""");
        await stdin.FlushAsync(ct);
        await channel._initialized.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await stdin.FlushAsync(ct);
        try
        {
            await channel._connected.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cchat mcp's channel did not connect:\n{channel.Stderr}");
        }
        return channel;
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    private void OnLine(string? line)
    {
        if (line is null) return;
        var at = Clock.Now;
        if (line.Contains("\"id\":1", StringComparison.Ordinal)) _initialized.TrySetResult();
        if (!line.Contains("notifications/claude/channel", StringComparison.Ordinal)) return;
        lock (_pushes) _pushes.Add((at, line));
        _arrived.Release();
    }

    /// <summary>When the push holding <paramref name="marker"/> landed on stdout.</summary>
    public async Task<TimeSpan> WaitForAsync(string marker, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (_pushes)
                foreach (var (at, line) in _pushes)
                    if (line.Contains(marker, StringComparison.Ordinal)) return at;
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no channel push with {marker}:\n{Stderr}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        await Task.CompletedTask;
    }
}
