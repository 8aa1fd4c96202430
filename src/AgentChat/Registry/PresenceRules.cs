using System.Text;

namespace AgentChat.Registry;

/// <summary>
/// What a registry entry's presence fields may hold, read the same way by every reader: the entry comes from
/// the room, so a wrong or oversized value degrades to absent (or is cut short), never to an error.
/// </summary>
public static class PresenceRules
{
    public const string Channel = "channel";
    public const string Hook = "hook";
    public const string None = "none";

    /// <summary>What <c>busy_on</c> keeps: one short line.</summary>
    public const int MaxOnLength = 80;

    private const int MaxEventIdLength = 255;

    /// <summary>How long a busy flag holds unless said again, so an agent that dies busy does not stay busy.</summary>
    public static readonly TimeSpan DefaultBusyExpiry = TimeSpan.FromMinutes(15);

    /// <summary><c>channel</c> or <c>hook</c> as written; anything else (missing, unknown, a newer version's mode) is <c>none</c>.</summary>
    public static string Wakeable(string? value) => value is Channel or Hook ? value : None;

    /// <summary>True when a new message can reach the agent without it polling.</summary>
    public static bool CanWake(string wakeable) => wakeable is Channel or Hook;

    /// <summary>Busy, and not past its own expiry.</summary>
    public static bool IsBusy(bool busy, long? busyUntil, long nowMs) => busy && (busyUntil is not { } until || nowMs < until);

    /// <summary>
    /// One line of at most <see cref="MaxOnLength"/> characters: control characters become spaces, runs of
    /// whitespace one space. Null when nothing is left.
    /// </summary>
    public static string? Clean(string? text)
    {
        if (text is null) return null;
        var line = new StringBuilder(Math.Min(text.Length, MaxOnLength));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (line.Length >= MaxOnLength) break;
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = line.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }
            line.Append(c);
        }
        if (line.Length > MaxOnLength) line.Length = MaxOnLength;
        if (line.Length > 0 && char.IsHighSurrogate(line[^1])) line.Length--; // never half a character
        var clean = line.ToString().TrimEnd();
        return clean.Length > 0 ? clean : null;
    }

    /// <summary>A Matrix event id (<c>$…</c>, no whitespace, bounded), or null.</summary>
    public static string? EventIdOrNull(string? value) =>
        value is { Length: > 1 and <= MaxEventIdLength } && value[0] == '$' && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? value : null;
}
