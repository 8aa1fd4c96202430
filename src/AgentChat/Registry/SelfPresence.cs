namespace AgentChat.Registry;

/// <summary>
/// What an instance says of itself beyond being alive: busy (on what, until when), how a message can wake it,
/// and the last message it consumed. The daemon and the direct-mode CLI each build one and write it into their entry.
/// </summary>
public sealed record SelfPresence(bool Busy, string? BusyOn, long? BusyUntil, string Wakeable, string? Cursor, long? CursorAt)
{
    public static readonly SelfPresence Nothing = new(false, null, null, PresenceRules.None, null, null);

    /// <summary>The fields a reader compares to tell whether others must hear of a change at once (the cursor can wait).</summary>
    public bool SameAttention(SelfPresence other) => Busy == other.Busy && BusyOn == other.BusyOn && Wakeable == other.Wakeable;
}
