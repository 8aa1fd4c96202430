using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Sync;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Rooms;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Rooms;

/// <summary>
/// What the daemon adds to a join on invitation: a direct chat is remembered in <c>m.direct</c>, unread begins at the join, and what was
/// said while it was invited is read into the buffer.
/// </summary>
internal sealed partial class DaemonAfterJoin(
    MatrixClient client, DaemonIdentity identity, RoomResolver resolver, TimelineProcessor timeline, ReadMarkers markers, ILogger<DaemonAfterJoin> logger) : IAfterJoin
{
    public async Task JoinedAsync(JoinedInvite joined, CancellationToken ct)
    {
        if (joined.IsDirect) await resolver.RememberDirectAsync(joined.Inviter, joined.Room, ct);
        // Joining is quiet: what was said before the invite (or an uninvited join) is history, not unread (docs/sending-and-reading.md).
        if (await JoinPoint.UnreadAfterAsync(client, joined.Room, identity.UserId, ct) is { } start) markers.StartAfter(joined.Room, start);
        // What was said while we were invited: a server joining over federation holds none of it until asked
        // (/messages backfills it from the room's other servers); the buffer drops what the sync brings again.
        try
        {
            await timeline.RefillAsync([joined.Room], ct);
        }
        catch (MatrixException e)
        {
            LogRefillFailed(logger, joined.Room.Value, e.Message); // new messages still come through the sync
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "joined {Room} but could not read what was said before: {Reason}")]
    private static partial void LogRefillFailed(ILogger logger, string room, string reason);
}
