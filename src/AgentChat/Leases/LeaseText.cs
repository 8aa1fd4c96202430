using System.Globalization;

namespace AgentChat.Leases;

/// <summary>Leases in words, for the CLI, errors and the room's notices.</summary>
public static class LeaseText
{
    /// <summary>A time as people read it: <c>2026-12-08 14:30:00 UTC</c>.</summary>
    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253_402_300_799_000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Line(LeaseView l) =>
        $"{string.Join(" ", l.Patterns)}  {l.Mode}  {l.Instance ?? l.Holder}  until {Time(l.ExpiresAt)}" + (l.Reason is { } r ? $"  ({r})" : "") + $"  [{l.Id}]";
}
