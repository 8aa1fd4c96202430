using AgentChat.Daemon.Hosting;

namespace AgentChat.Bridge.Hosting;

/// <summary>A started bridge: its daemon (gateway, token), and the loops that end when it stops.</summary>
public sealed class RunningBridge(RunningDaemon daemon, Task<bool> loops, CancellationTokenSource stop, IAsyncDisposable resources) : IAsyncDisposable
{
    public RunningDaemon Daemon => daemon;

    /// <summary>
    /// Completes when the bridge's loops have ended (stop asked, the daemon stopping, or a loop failing): true when
    /// a loop ended on its own, which makes <c>cchat bridge</c> exit 1.
    /// </summary>
    public Task<bool> Completion => loops;

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await loops;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await daemon.DisposeAsync();
        await resources.DisposeAsync();
        stop.Dispose();
    }
}
