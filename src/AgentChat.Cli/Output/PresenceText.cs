using System.Globalization;
using AgentChat.Gateway;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Cli.Output;

/// <summary>Presence in words: busy or idle, how a message wakes the agent, when it last read.</summary>
internal static class PresenceText
{
    /// <summary>The part of a <c>who</c> line after the host: busy and wake only for a live agent (for a dead one they are moot).</summary>
    public static string Row(InstanceInfo i, DateTimeOffset now)
    {
        var parts = new List<string>();
        if (i.Alive)
        {
            parts.Add(i.Busy ? i.BusyOn is { } on ? $"busy ({on})" : "busy" : "idle");
            parts.Add($"wake: {i.Wakeable}");
        }
        if (Read(i.Cursor, i.CursorAt, now) is { } read) parts.Add(read);
        return parts.Count > 0 ? ", " + string.Join(", ", parts) : "";
    }

    /// <summary><c>cchat presence</c>: this agent as others see it.</summary>
    public static string Self(PresenceResponse p, DateTimeOffset now)
    {
        var busy = p.Busy
            ? $"busy{(p.On is { } on ? $" ({on})" : "")}{(Time(p.BusyUntil) is { } until ? $" until {until:HH:mm:ss}" : "")}"
            : "idle";
        var wake = p.Wakeable switch
        {
            PresenceRules.Channel => "wake: channel (a message is pushed to the session)",
            PresenceRules.Hook => "wake: hook (the session's hooks take messages up)",
            _ => "wake: none (messages wait until the session reads)",
        };
        var read = Read(p.Cursor, p.CursorAt, now) ?? "nothing read yet";
        return $"{busy}, {wake}, {read}{(p.Via is { } via ? $" (via {via})" : "")}";
    }

    private static string? Read(string? cursor, long? cursorAt, DateTimeOffset now) =>
        Time(cursorAt) is { } at ? $"read {RecipientPresence.Ago(now - at)}"
        : cursor is not null ? "read before the daemon started"
        : null;

    /// <summary>A timestamp from the room (any number a writer chose), or null when out of range.</summary>
    private static DateTimeOffset? Time(long? ms) =>
        ms is >= 0 and <= 253_370_764_800_000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms.Value).ToLocalTime() : null;
}
