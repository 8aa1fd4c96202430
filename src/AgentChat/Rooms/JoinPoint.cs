using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// Where an agent's unread messages in a room begin: after its read marker, or, before it ever read there, after its
/// own join (or the invite that join accepted). Messages from before it was invited or joined are history (<c>cchat history</c>, <c>since=</c>, /messages), never unread,
/// so an agent invited into a busy room is not handed everything said there. One rule for the daemon and direct mode.
/// </summary>
public static class JoinPoint
{
    private const string MemberType = "m.room.member";

    /// <summary>The read marker (<c>m.fully_read</c>), else this account's join event; null when neither is known.</summary>
    /// <remarks>
    /// The join fallback is off for now: an agent invited before the messages meant for it, and joining only at its first
    /// read, lost them as unread (the homeserver's state does not say which invite a join accepted). Until the invite is
    /// found reliably, unread starts at the read marker only, as before.
    /// </remarks>
    public static async Task<EventId?> UnreadAfterAsync(MatrixClient client, RoomId room, UserId self, CancellationToken ct) =>
        await client.GetFullyReadAsync(self, room, ct);

    /// <summary>
    /// This account's current membership event in <paramref name="room"/> when it is its own join (from the room
    /// state); null when it is not joined, or the state holds nothing readable for it.
    /// </summary>
    public static async Task<EventId?> FindAsync(MatrixClient client, RoomId room, UserId self, CancellationToken ct)
    {
        foreach (var e in await client.GetRoomStateAsync(room, ct))
        {
            if (e.Type != MemberType || e.StateKey != self.Value || e.Sender != self) continue;
            if (e.ContentString("membership") != "join" || e.EventId is not { } id || !id.Value.StartsWith('$')) return null;
            return InviteBefore(e) ?? id;
        }
        return null;
    }

    /// <summary>
    /// The invite this join accepted, when the join replaced one: what was said to the room after the agent was invited
    /// (an operator's `cchat setup --invite`, then the first messages for it) is for the agent, and stays unread.
    /// </summary>
    private static EventId? InviteBefore(MatrixEvent join)
    {
        if (join.UnsignedData is not { ValueKind: System.Text.Json.JsonValueKind.Object } unsigned) return null;
        if (!unsigned.TryGetProperty("prev_content", out var prev) || prev.ValueKind != System.Text.Json.JsonValueKind.Object
            || !prev.TryGetProperty("membership", out var m) || m.ValueKind != System.Text.Json.JsonValueKind.String || m.GetString() != "invite") return null;
        return unsigned.TryGetProperty("replaces_state", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.String
               && r.GetString() is { Length: > 1 } invite && invite.StartsWith('$') ? new EventId(invite) : null;
    }
}
