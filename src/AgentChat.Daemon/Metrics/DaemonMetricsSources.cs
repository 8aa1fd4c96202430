using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Outbox;
using AgentChat.Hosting.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AgentChat.Daemon.Metrics;

/// <summary>
/// The daemon's metrics plus the gauges read at scrape time from the parts that already keep them (outbox depth,
/// sync state, buffer). Those parts are resolved at the first scrape, not here: the outbox itself needs the metrics.
/// </summary>
internal static class DaemonMetricsSources
{
    public static DaemonMetrics Create(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var identity = services.GetRequiredService<DaemonIdentity>();
        var metrics = new DaemonMetrics(time);
        var registry = metrics.Registry;
        // A bridge (docs/bridge.md) shows its cost series from the start; other daemons only if their agent ever answers as one.
        if (services.GetRequiredService<DaemonOptions>().Capabilities.Contains(AgentChat.Accounting.AnswerCost.BridgeCapability)) metrics.AnswerCosts.Start(identity.Instance);
        registry.GaugeFunc("agentchat_outbox_depth", "Messages accepted by /send and not yet in the room.",
            () => services.GetRequiredService<OutboxSender>().Depth);
        registry.CounterFunc("agentchat_outbox_lane_faults_total", "Unexpected failures of an outbox lane (each restarted).",
            () => services.GetRequiredService<OutboxSender>().LaneFaults);
        registry.GaugeFunc("agentchat_sync_connected", "1 while the last /sync succeeded, else 0.",
            () => services.GetRequiredService<SyncHealth>().IsHealthy ? 1 : 0);
        registry.GaugeFunc("agentchat_sync_last_success_age_seconds", "Seconds since the last successful /sync (since the daemon's start when none yet).",
            () => LastSyncAge(services.GetRequiredService<SyncHealth>(), identity, time));
        registry.CounterFunc("agentchat_skipped_events_total", "Events from the homeserver that could not be read and were passed over.",
            () => services.GetRequiredService<SyncHealth>().SkippedEvents);
        registry.GaugeFunc("agentchat_buffer_messages", "Messages held in the daemon's in-memory buffer.",
            () => services.GetRequiredService<MessageBuffer>().Count);
        registry.GaugeFunc("agentchat_start_time_seconds", "When this daemon started, Unix time in seconds.",
            () => identity.StartedAt.ToUnixTimeMilliseconds() / 1000.0);
        registry.Gauge("agentchat_build_info", "Always 1; the labels say which version runs as which agent.", "version", "agent")
            .WithLabels(AgentChatVersion.Value, identity.Instance).Set(1);
        return metrics;
    }

    private static double LastSyncAge(SyncHealth health, DaemonIdentity identity, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var last = health.Snapshot().LastSyncMs ?? identity.StartedAt.ToUnixTimeMilliseconds();
        return Math.Max(0, now - last) / 1000.0;
    }
}
