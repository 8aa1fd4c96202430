using System.Text.Json;
using AgentChat.Registry;

namespace AgentChat.Daemon.Registry;

/// <summary>
/// When a beat writes the registry entry: when anything but <c>last_seen</c> differs from what was last written, or
/// when half the entry's TTL has passed since (less a second for timer slack), so readers see it alive while it is
/// and a claim never lapses. Every write wakes every daemon in the room; a beat that would only move
/// <c>last_seen</c> sooner writes nothing.
/// </summary>
internal sealed class RefreshRule
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    private string? _written;
    private DateTimeOffset _writtenAt = DateTimeOffset.MinValue;

    /// <summary>True when <paramref name="entry"/> must be written at <paramref name="now"/>.</summary>
    public bool MustWrite(InstanceEntry entry, DateTimeOffset now) =>
        _written != Key(entry) || now - _writtenAt >= RefreshAfter(entry);

    /// <summary><paramref name="entry"/>, stamped <paramref name="at"/>, is now what the registry holds.</summary>
    public void Written(InstanceEntry entry, DateTimeOffset at)
    {
        _written = Key(entry);
        _writtenAt = at;
    }

    /// <summary>Half the TTL, less the slack: the latest a live entry is refreshed.</summary>
    public static TimeSpan RefreshAfter(InstanceEntry entry)
    {
        var half = TimeSpan.FromMilliseconds(Math.Clamp(entry.TtlMs, 0, InstanceEntry.MaxTtlMs) / 2.0);
        return half > Slack ? half - Slack : TimeSpan.Zero;
    }

    /// <summary>The entry as written, without what every beat moves.</summary>
    private static string Key(InstanceEntry entry) =>
        JsonSerializer.Serialize(entry with { LastSeen = 0 }, RegistryJsonContext.Default.InstanceEntry);
}
