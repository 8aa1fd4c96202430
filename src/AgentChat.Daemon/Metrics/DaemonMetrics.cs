using AgentChat.Hosting.Metrics;
using AgentChat.Messages;
using AgentChat.Metrics;

namespace AgentChat.Daemon.Metrics;

/// <summary>
/// The daemon's metrics, served on <c>GET /metrics</c>. Children with labels are made once here, so the hot paths
/// (a send concluded, a sync batch) only do interlocked increments.
/// </summary>
internal sealed class DaemonMetrics
{
    private readonly Dictionary<string, Counter> _sent = [];
    private readonly Dictionary<(string Kind, string From), Counter> _received = [];
    private readonly Counter[] _responses; // by status / 100 - 1

    public DaemonMetrics(TimeProvider time)
    {
        Time = time;
        var sent = Registry.Counter("agentchat_messages_sent_total", "Messages this daemon delivered to the homeserver, by kind.", "kind");
        var received = Registry.Counter("agentchat_messages_received_total",
            "Messages that arrived through /sync, by kind and by who sent them (self: this agent; agent: another agent; human).", "kind", "from");
        foreach (var kind in KindLabels)
        {
            _sent[kind] = sent.WithLabels(kind);
            foreach (var from in (ReadOnlySpan<string>)["self", "agent", "human"]) _received[(kind, from)] = received.WithLabels(kind, from);
        }
        SendLatency = Registry.Histogram("agentchat_send_latency_seconds",
            "From POST /send accepting a message to the homeserver answering with its event id (queued messages included).", Histogram.LatencyBuckets);
        SendRefused = Registry.Counter("agentchat_send_refused_total", "Messages the homeserver refused for good (kept in outbox/failed).");
        RateLimited = Registry.Counter("agentchat_homeserver_rate_limited_total", "Answers from the homeserver with HTTP 429 (rate limited).");
        Responses = Registry.Counter("agentchat_homeserver_responses_total", "Answers from the homeserver, by status class (2xx, 4xx, 5xx, ...).", "class");
        Unreachable = Registry.Counter("agentchat_homeserver_unreachable_total", "Requests to the homeserver that got no answer (connection refused or reset, DNS failure).");
        SyncFailures = Registry.Counter("agentchat_sync_failures_total", "/sync calls that failed.");
        SyncReconnects = Registry.Counter("agentchat_sync_reconnects_total", "Times /sync succeeded again after failing.");
        SyncLag = Registry.Gauge("agentchat_sync_lag_seconds",
            "For the last sync batch that brought messages: how long after the newest one's origin_server_ts it reached this daemon.");
        RegistryWrites = Registry.Counter("agentchat_registry_writes_total", "Registry entries this daemon wrote (each wakes every daemon in the shared room).");
        RegistryBeatsSkipped = Registry.Counter("agentchat_registry_beats_skipped_total",
            "Heartbeats that wrote nothing: the entry was unchanged and half its TTL had not passed since the last write.");
        AnswerCosts = new AnswerCostMetrics(Registry, "agentchat_bridge_", "this agent sent");
        _responses = [.. new[] { "1xx", "2xx", "3xx", "4xx", "5xx" }.Select(c => Responses.WithLabels(c))];
    }

    /// <summary>The kinds a label may hold; anything else a hostile room invents is counted as "other".</summary>
    private static readonly string[] KindLabels = [.. MessageKind.All, "other"];

    public MetricRegistry Registry { get; } = new();
    public TimeProvider Time { get; }
    public Histogram SendLatency { get; }
    public Counter SendRefused { get; }
    public Counter RateLimited { get; }
    public MetricFamily<Counter> Responses { get; }
    public Counter Unreachable { get; }
    public Counter SyncFailures { get; }
    public Counter SyncReconnects { get; }
    public Gauge SyncLag { get; }
    public Counter RegistryWrites { get; }
    public Counter RegistryBeatsSkipped { get; }
    /// <summary>This agent's own bridge answers as they come back through /sync (a bridge's in-process daemon; zero elsewhere).</summary>
    public AnswerCostMetrics AnswerCosts { get; }

    public void Sent(string? kind) => _sent[Bounded(kind)].Inc();

    public void Received(ChatMessage message, bool self) =>
        _received[(Bounded(message.Kind), self ? "self" : message.Human ? "human" : "agent")].Inc();

    public void Answered(int status)
    {
        var i = status / 100 - 1;
        if (i >= 0 && i < _responses.Length) _responses[i].Inc();
        if (status == 429) RateLimited.Inc();
    }

    private static string Bounded(string? kind) => MessageKind.IsValid(kind) ? kind! : "other";
}
