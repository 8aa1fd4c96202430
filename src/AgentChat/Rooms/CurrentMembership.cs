using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// This account's current membership in a room: the event it began with (the invite its join accepted, else the join
/// itself) and every member event of ours since (that event, the join, profile changes).
/// </summary>
/// <remarks>
/// Found from the room state's member event of ours, walking back the member events each one replaced
/// (<c>unsigned.replaces_state</c>, every one fetched through <c>/context</c> and checked to be ours) over profile changes (a join replacing a
/// join) to the first join of this membership; when that join replaced an invite, the invite began it. A join that
/// replaced nothing began it only when the homeserver says so (<c>/context</c> shows no <c>prev_content</c>). Whatever
/// cannot be told for sure gives null: unread then starts at the read marker alone, so nothing meant for the agent is lost.
/// </remarks>
public sealed record CurrentMembership(EventId Start, IReadOnlySet<string> Events)
{
    private const int MaxSteps = 16;

    /// <summary>The current membership when this account is joined and its beginning can be told; else null.</summary>
    /// <exception cref="MatrixException">Not joined (the room state is refused), or a transient failure.</exception>
    public static async Task<CurrentMembership?> FindAsync(MatrixClient client, RoomId room, UserId self, CancellationToken ct)
    {
        var current = (await client.GetRoomStateAsync(room, ct)).FirstOrDefault(e => IsOwnMember(e, self));
        if (current?.EventId is not { } id || current.ContentString("membership") != "join") return null;
        var events = new HashSet<string>(StringComparer.Ordinal) { id.Value };
        for (var step = 0; step < MaxSteps; step++)
        {
            if (Replaced(current) is not { } replaced)
                return await BeganHereAsync(client, room, current, ct) ? new CurrentMembership(current.EventId!.Value, events) : null;
            var previous = await TryGetAsync(client, room, replaced, ct);
            if (previous is null || !IsOwnMember(previous, self) || previous.EventId != replaced) return null;
            switch (previous.ContentString("membership"))
            {
                case "join":
                    events.Add(replaced.Value);
                    current = previous; // a profile change: this membership began further back
                    continue;
                case "invite":
                    events.Add(replaced.Value);
                    return new CurrentMembership(replaced, events);
                default:
                    return new CurrentMembership(current.EventId!.Value, events); // a rejoin after a leave began here
            }
        }
        return null;
    }

    private static bool IsOwnMember(MatrixEvent e, UserId self) =>
        e.Type == EventTypes.RoomMember && e.StateKey == self.Value && e.EventId is { } id && id.Value.StartsWith('$');

    private static EventId? Replaced(MatrixEvent e) =>
        e.UnsignedData is { ValueKind: JsonValueKind.Object } unsigned && unsigned.TryGetProperty("replaces_state", out var r)
        && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 1 } value && value.StartsWith('$') && value != e.EventId?.Value
            ? new EventId(value)
            : null;

    /// <summary>A join that replaced nothing began the membership only if the homeserver shows no earlier one either.</summary>
    private static async Task<bool> BeganHereAsync(MatrixClient client, RoomId room, MatrixEvent join, CancellationToken ct)
    {
        try
        {
            var context = await client.GetContextAsync(room, join.EventId!.Value, 0, ct);
            return context.Event?.EventId == join.EventId
                   && !(context.Event.UnsignedData is { ValueKind: JsonValueKind.Object } unsigned && unsigned.TryGetProperty("prev_content", out _));
        }
        catch (MatrixException)
        {
            return false;
        }
    }

    /// <summary>
    /// The event, fetched where unread would be read from (<c>/context</c>): an invite that came over federation is an
    /// outlier this server cannot page from (Synapse answers 500), and a start that cannot be read from is no start.
    /// Any failure is "cannot tell": unread then starts at the read marker alone.
    /// </summary>
    private static async Task<MatrixEvent?> TryGetAsync(MatrixClient client, RoomId room, EventId id, CancellationToken ct)
    {
        try
        {
            var context = await client.GetContextAsync(room, id, 0, ct);
            return context.End is null ? null : context.Event;
        }
        catch (MatrixException)
        {
            return null; // not visible (a room whose history starts at the join), an outlier, or unreadable
        }
    }
}
