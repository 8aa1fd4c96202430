using AgentChat.Hosting.Metrics;
using AgentChat.Metrics;

namespace AgentChat.Archive.Service;

/// <summary>The archive's <c>GET /metrics</c>: <see cref="ArchiveStats"/> read at each scrape (the dashboard queries these names).</summary>
internal sealed class ArchiveMetrics
{
    public ArchiveMetrics(ArchiveStats stats, TimeProvider time)
    {
        Registry.CounterFunc("agentchat_archive_messages_written_total", "Messages the archive inserted (each event once).", () => stats.MessagesWritten);
        Registry.CounterFunc("agentchat_archive_registry_events_written_total", "Registry state changes the archive stored.", () => stats.RegistryEventsWritten);
        Registry.CounterFunc("agentchat_archive_receipts_written_total", "Read receipts the archive stored.", () => stats.ReceiptsWritten);
        Registry.GaugeFunc("agentchat_archive_lag_seconds", "How far the newest archived message trailed its sending when it was written.", () => stats.LagMs / 1000.0);
        Registry.GaugeFunc("agentchat_archive_last_sync_age_seconds", "Seconds since the archive's last successful sync; -1 before the first.",
            () => stats.LastSyncMs == 0 ? -1 : (time.GetUtcNow().ToUnixTimeMilliseconds() - stats.LastSyncMs) / 1000.0);
        Registry.CounterFunc("agentchat_archive_sync_reconnects_total", "Times the archive's sync came back after failing.", () => stats.SyncReconnects);
        Registry.CounterFunc("agentchat_archive_failures_total", "Failed sync or write attempts (each is retried).", () => stats.SyncFailures);
        Registry.CounterFunc("agentchat_archive_skipped_events_total", "Events that could not be read at all and were passed over.", () => stats.SkippedEvents);
        AnswerCosts = new AnswerCostMetrics(Registry, "agentchat_archive_bridge_", "the archive stored");
    }

    /// <summary>Bridge answers by the registered agent that sent them, counted once each as they are first stored.</summary>
    public AnswerCostMetrics AnswerCosts { get; }

    public MetricRegistry Registry { get; } = new();
}
