using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// Where an agent's unread messages in a room begin: after its read marker, unless that marker is from before its current
/// membership (it left and came back); then, as before its first read there, after the event its membership began with:
/// the invite its join accepted, or the join itself when it came in uninvited (a public room). What was said before is
/// history (<c>cchat history</c>, <c>since=</c>, /messages), never unread, so an agent invited into a busy room is not
/// handed everything said there, and what was said to it after it was invited stays unread however late it joins.
/// One rule for the daemon and direct mode.
/// </summary>
public static class JoinPoint
{
    /// <summary>The event unread begins after; null when neither a read marker nor the membership's beginning is known.</summary>
    /// <exception cref="MatrixException">Not joined (the room state is refused), or a transient failure.</exception>
    public static async Task<EventId?> UnreadAfterAsync(MatrixClient client, RoomId room, UserId self, CancellationToken ct)
    {
        var marker = await client.GetFullyReadAsync(self, room, ct);
        if (await CurrentMembership.FindAsync(client, room, self, ct) is not { } membership) return marker;
        if (marker is not { } read) return membership.Start;
        return await ReadBeforeAsync(client, room, self, read, membership, ct) ? membership.Start : read;
    }

    /// <summary>
    /// Whether the read marker is from before the current membership: the room's state at the marked event holds no
    /// member event of this membership (or none of ours). When that cannot be read, the marker stands (at worst a flood, never a loss).
    /// </summary>
    private static async Task<bool> ReadBeforeAsync(MatrixClient client, RoomId room, UserId self, EventId read, CurrentMembership membership, CancellationToken ct)
    {
        if (membership.Events.Contains(read.Value)) return false;
        ContextResponse context;
        try
        {
            context = await client.GetContextAsync(room, read, 0, ct);
        }
        catch (MatrixException e) when (!e.IsTransient)
        {
            return false;
        }
        if (context.Event?.EventId != read || !context.State.Any(e => e.Type == EventTypes.RoomMember)) return false; // no state given
        var ours = context.State.FirstOrDefault(e => e.Type == EventTypes.RoomMember && e.StateKey == self.Value);
        return ours?.EventId is not { } id || !membership.Events.Contains(id.Value);
    }
}
