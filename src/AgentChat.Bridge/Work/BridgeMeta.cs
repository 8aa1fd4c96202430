using System.Text.Json.Serialization;

namespace AgentChat.Bridge.Work;

/// <summary>
/// <c>meta.bridge</c> on the bridge's messages (docs/bridge.md). On an answer: <c>answers</c> (the source event id:
/// the idempotency key checked in history), the session and what the run cost. On the status notice:
/// <c>working_on</c> only. On a failed answer: <c>error</c>, a code, and whatever usage was reported.
/// </summary>
internal sealed record BridgeMeta
{
    public string? Answers { get; init; }
    public string? WorkingOn { get; init; }
    public string? Session { get; init; }
    public string? Model { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheCreationTokens { get; init; }
    /// <summary>Written as a decimal string ("0.0123"): Matrix rooms (v6 and later) refuse floats in event content.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public double? CostUsd { get; init; }
    public long? DurationMs { get; init; }
    public int? Turns { get; init; }
    public string? Error { get; init; }
    public string? Task { get; init; }
}
