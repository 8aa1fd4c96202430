namespace AgentChat.Archive.Service;

/// <summary>How the archive runs; defaults in code, overridden by flags and the environment.</summary>
public sealed class ArchiveOptions
{
    public const int DefaultPort = 8871;

    /// <summary>Npgsql connection string of the archive database (AGENTCHAT_ARCHIVE_DB).</summary>
    public required string ConnectionString { get; set; }

    /// <summary>History API port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>A fixed bearer token (AGENTCHAT_ARCHIVE_TOKEN) for readers under other Unix users; random per run when unset.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding a token that opens GET /metrics only (AGENTCHAT_METRICS_TOKEN_FILE, for Prometheus).</summary>
    public string? MetricsTokenFile { get; set; }

    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far back one room's history is paged on first start or after a gap, in pages of 100 events.</summary>
    public int MaxBackfillPages { get; set; } = 10_000;

    public IReadOnlyList<string> ExtraRooms { get; set; } = [];
}
