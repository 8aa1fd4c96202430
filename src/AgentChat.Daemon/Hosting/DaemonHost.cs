using AgentChat.Configuration;

namespace AgentChat.Daemon.Hosting;

/// <summary>Starts one daemon: sync loop, heartbeat, outbox sender and gateway, for one agent identity.</summary>
public static class DaemonHost
{
    /// <summary>Runs until <paramref name="ct"/> fires or SIGTERM/SIGINT arrives; returns the process exit code.</summary>
    public static Task<int> RunAsync(AgentChatSettings settings, DaemonOptions options, CancellationToken ct) =>
        throw new NotImplementedException("the daemon is being written");
}
