namespace AgentChat.Bridge.Claude;

/// <summary>
/// What a Claude Code run's <c>result</c> line said: the final text, whether it is an error (and its subtype,
/// e.g. <c>error_max_turns</c>), the usage, cost, duration and turns. Every field is optional on the wire.
/// </summary>
internal sealed record ClaudeResult(
    string? Text, bool IsError, string? Subtype, string? SessionId, ClaudeUsage Usage, double? CostUsd, long? DurationMs, int? Turns);
