using System.Collections.Concurrent;
using System.Text.Json;
using AgentChat.Tests.Cli;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Wake;

/// <summary>
/// Plays Claude Code over stdio: starts <c>cchat mcp</c>, declares the <c>claude/channel</c> capability and
/// keeps every <c>notifications/claude/channel</c> it receives, with when it arrived, and the server's stderr.
/// </summary>
internal sealed class ChannelClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<Push> _pushes = new();
    private readonly string _stderrFile = Path.Combine(Path.GetTempPath(), "agentchat-tests", $"mcp-stderr-{Guid.NewGuid():N}.log");
    private readonly SemaphoreSlim _arrived = new(0);

    private ChannelClient() { }

    public McpClient Client { get; private set; } = null!;

    internal sealed record Push(string Content, IReadOnlyDictionary<string, string> Meta, long ArrivedTimestamp);

    public IReadOnlyList<Push> Pushes => _pushes.ToList();

    public string Stderr => File.Exists(_stderrFile) ? File.ReadAllText(_stderrFile) : "";

    private IEnumerable<string> StderrLines => Stderr.Split('\n');

    public static async Task<ChannelClient> StartAsync(Cchat cchat, CancellationToken ct)
    {
        var channel = new ChannelClient();
        Directory.CreateDirectory(Path.GetDirectoryName(channel._stderrFile)!);
        // The shell keeps all of the server's stderr in a file the test reads.
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat",
            Command = "/bin/sh",
            Arguments = ["-c", $"exec '{Cchat.Binary}' mcp 2>>'{channel._stderrFile}'"],
            EnvironmentVariables = cchat.Env,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        using var empty = JsonDocument.Parse("{}");
        var options = new McpClientOptions
        {
            Capabilities = new ClientCapabilities { Experimental = new Dictionary<string, object> { ["claude/channel"] = empty.RootElement.Clone() } },
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new("notifications/claude/channel", channel.OnPushAsync)],
            },
        };
        channel.Client = await McpClient.CreateAsync(transport, options, cancellationToken: ct).WaitAsync(Timeout, ct);
        return channel;
    }

    private ValueTask OnPushAsync(JsonRpcNotification notification, CancellationToken ct)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var p = notification.Params!;
        var meta = p["meta"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);
        _pushes.Enqueue(new Push(p["content"]!.GetValue<string>(), meta, arrived));
        _arrived.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for a push that <paramref name="match"/> accepts; fails with the stderr after the timeout.</summary>
    public async Task<Push> WaitForAsync(Func<Push, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            if (_pushes.FirstOrDefault(match) is { } push) return push;
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no channel push: {what}\npushes: {string.Join(" | ", _pushes.Select(p => p.Content))}\ncchat mcp stderr:\n{Stderr}");
            }
        }
    }

    /// <summary>Waits until the channel reports its <paramref name="count"/>-th connection to its feed (on stderr).</summary>
    public async Task WaitConnectedAsync(int count = 1)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (StderrLines.Count(l => l.Contains("channel: connected", StringComparison.Ordinal)) < count)
        {
            try { await Task.Delay(50, cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"the channel did not start\n{Stderr}"); }
        }
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}
