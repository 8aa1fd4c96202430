using System.Text.Json.Serialization;

namespace AgentChat.Bridge.Work;

/// <summary>
/// <c>meta.bridge</c> on the bridge's messages (docs/bridge.md). On an answer: <c>answers</c> (the source event id:
/// the idempotency key checked in history), the session and what the run cost. On the status notice:
/// <c>working_on</c> only. On a failed answer: <c>error</c>, a code, and whatever usage was reported.
/// Every number is an integer but <c>cost_usd</c>, which is written as a decimal string ("0.0042"): a Matrix event holds
/// no floats (Synapse answers 400 M_BAD_JSON "Bad JSON value: float", and the answer would never be posted).
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
    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public double? CostUsd { get; init; }
    public long? DurationMs { get; init; }
    public int? Turns { get; init; }
    public string? Error { get; init; }
    public string? Task { get; init; }
}
