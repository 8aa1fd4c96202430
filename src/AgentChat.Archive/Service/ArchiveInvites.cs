using System.Text.Json;
using AgentChat.Daemon.Rooms;
using AgentChat.Matrix;
using Microsoft.Extensions.Logging;

namespace AgentChat.Archive.Service;

/// <summary>
/// Joins every room the archive's account is invited to by an allowed inviter (the daemon's rule); the next
/// sync brings the room with a gap, which the archive backfills. A join that fails is tried again on later syncs, a few times.
/// </summary>
internal sealed partial class ArchiveInvites(MatrixClient client, ArchiveIdentity identity, InvitePolicy policy, FollowedRooms rooms, ILogger<ArchiveInvites> logger)
{
    private const int MaxAttempts = 5;
    private readonly Dictionary<RoomId, (InvitedRoom Invite, int Attempts)> _retries = [];
    private readonly HashSet<RoomId> _reported = [];

    public async Task HandleAsync(IReadOnlyDictionary<RoomId, InvitedRoom>? invites, CancellationToken ct)
    {
        var todo = _retries.ToList();
        _retries.Clear();
        foreach (var (room, invite) in invites ?? new Dictionary<RoomId, InvitedRoom>()) await HandleOneAsync(room, invite, 0, ct);
        foreach (var (room, retry) in todo) await HandleOneAsync(room, retry.Invite, retry.Attempts, ct);
    }

    /// <summary>Invites still pending on the homeserver: a sync resumed from its token never shows them again.</summary>
    public async Task RevisitPendingAsync(CancellationToken ct)
    {
        var filter = JsonSerializer.Serialize(
            SyncFilter.Only(new RoomEventFilter { Types = [], NotTypes = ["org.aiagentchat.revisit." + Guid.NewGuid().ToString("N")], Limit = 1 }),
            MatrixJsonContext.Default.SyncFilter);
        var sync = await client.SyncAsync(null, TimeSpan.Zero, filter, ct: ct);
        await HandleAsync(sync.Rooms?.Invite, ct);
    }

    private async Task HandleOneAsync(RoomId room, InvitedRoom invited, int attempts, CancellationToken ct)
    {
        var invite = invited.InviteState?.Events.LastOrDefault(e => e.Type == "m.room.member" && e.StateKey == identity.UserId.Value);
        if (invite?.Sender is not { } inviter) return;
        if (!policy.Allows(inviter))
        {
            if (_reported.Add(room)) LogInviteIgnored(logger, room.Value, inviter.Value);
            return;
        }
        try
        {
            await client.JoinRoomAsync(room.Value, ct);
            rooms.Follow(room);
            LogJoined(logger, room.Value, inviter.Value);
        }
        catch (MatrixException e)
        {
            if (++attempts < MaxAttempts) _retries[room] = (invited, attempts);
            else if (_reported.Add(room)) LogJoinFailed(logger, room.Value, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "archiving {Room}: joined on the invitation of {Inviter}")]
    private static partial void LogJoined(ILogger logger, string room, string inviter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "invite to {Room} from {Inviter} left pending: not an allowed inviter (set AGENTCHAT_ALLOWED_INVITERS to allow it)")]
    private static partial void LogInviteIgnored(ILogger logger, string room, string inviter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not join {Room}: {Reason}")]
    private static partial void LogJoinFailed(ILogger logger, string room, string reason);
}
