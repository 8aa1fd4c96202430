using AgentChat.Gateway;

namespace AgentChat.Cli.Agent;

/// <summary>What <c>cchat status</c> shows: where each setting came from, never a secret's value.</summary>
internal sealed record StatusReport
{
    public required string Mode { get; init; }

    /// <summary>
    /// The daemon answers and syncs; or, with no daemon configured or discovered, the homeserver accepts the
    /// account. A daemon that is expected (discovery file, configured gateway) but does not answer is unhealthy.
    /// </summary>
    public required bool Healthy { get; init; }

    /// <summary>With <c>--daemon</c>: why this instance's daemon is not running and healthy (also on stderr).</summary>
    public string? Problem { get; init; }
    public string? Gateway { get; init; }
    public string? GatewayError { get; init; }
    public required string ConfigPath { get; init; }
    public required IReadOnlyList<SettingReport> Settings { get; init; }
    public AccountCheck? Account { get; init; }
    public RoomCheck? Room { get; init; }
    public StatusResponse? Daemon { get; init; }
}

/// <summary>One setting: its value (null for secrets), whether it is set, and its source.</summary>
internal sealed record SettingReport(string Name, string? Value, bool Set, string Source, bool Secret);

/// <summary>Whether the homeserver accepts the configured account.</summary>
internal sealed record AccountCheck(bool Ok, string? UserId, string? Error);

/// <summary>Whether the shared room the settings name exists (direct mode; a daemon reports its own join).</summary>
internal sealed record RoomCheck(bool Ok, string Room, string? RoomId, string? Error);
