namespace AgentChat.Daemon;

/// <summary>How one daemon runs; defaults in code, overridden by flags.</summary>
public sealed class DaemonOptions
{
    public const int DefaultPort = 8870;

    /// <summary>Gateway port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Gateway address: loopback unless told otherwise.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    public int BufferCapacity { get; set; } = 200;
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often the heartbeat looks at the registry entry (it writes when the entry changed or half <see cref="RegistryTtl"/> passed).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The <c>ttl_ms</c> this daemon writes into its own registry entry: how long readers believe it alive after its last
    /// write, so how long a crashed daemon's name and leases outlive it.
    /// </summary>
    public TimeSpan RegistryTtl { get; set; } = TimeSpan.FromMilliseconds(AgentChat.Registry.InstanceEntry.DefaultTtlMs);

    /// <summary>How long <c>POST /send</c> waits for the homeserver before answering 202 queued.</summary>
    public TimeSpan SendWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What one lookup before the outbox (recipient, registry, room alias) may take of a send's wait.</summary>
    public TimeSpan LookupBudget => SendWait / 5;

    public string? Description { get; set; }
    public IReadOnlyList<string> Capabilities { get; set; } = [];

    /// <summary>Extra rooms to follow besides the shared room.</summary>
    public IReadOnlyList<string> ExtraRooms { get; set; } = [];

    /// <summary>A file holding a token that opens GET /metrics only (for Prometheus); the gateway token opens it too.</summary>
    public string? MetricsTokenFile { get; set; }
    /// <summary>How long a busy flag holds unless said again: a session that dies busy does not stay busy.</summary>
    public TimeSpan BusyExpiry { get; set; } = AgentChat.Registry.PresenceRules.DefaultBusyExpiry;

    /// <summary>How long after its last <c>/hooks/</c> call the agent counts as woken by hooks.</summary>
    public TimeSpan HookWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a busy or wakeable change settles before the registry hears of it (a flapping flag writes once).</summary>
    public TimeSpan PresenceDebounce { get; set; } = TimeSpan.FromSeconds(2);
}
