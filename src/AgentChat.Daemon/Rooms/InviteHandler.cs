using AgentChat.Daemon.Hosting;
using AgentChat.Matrix;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Rooms;

/// <summary>Joins invites from allowed inviters; leaves the others pending and says so once.</summary>
internal sealed partial class InviteHandler(MatrixClient client, DaemonIdentity identity, InvitePolicy policy, FollowedRooms rooms, ILogger<InviteHandler> logger)
{
    private readonly HashSet<RoomId> _reported = [];
    private UserId Self => identity.UserId;

    public async Task HandleAsync(IReadOnlyDictionary<RoomId, InvitedRoom>? invites, CancellationToken ct)
    {
        foreach (var (room, invited) in invites ?? new Dictionary<RoomId, InvitedRoom>())
        {
            var invite = invited.InviteState?.Events.LastOrDefault(e => e.Type == "m.room.member" && e.StateKey == Self.Value);
            if (invite?.Sender is not { } inviter) continue;
            if (!policy.Allows(inviter))
            {
                if (_reported.Add(room)) LogInviteIgnored(logger, room.Value, inviter.Value);
                continue;
            }
            try
            {
                await client.JoinRoomAsync(room.Value, ct);
                rooms.Follow(room);
                LogJoined(logger, room.Value, inviter.Value);
                if (invite.Content.TryGetProperty("is_direct", out var direct) && direct.ValueKind == System.Text.Json.JsonValueKind.True)
                    await RememberDirectAsync(inviter, room, ct);
            }
            catch (MatrixException e) when (!e.IsTransient)
            {
                if (_reported.Add(room)) LogJoinFailed(logger, room.Value, e.Message);
            }
        }
    }

    private async Task RememberDirectAsync(UserId other, RoomId room, CancellationToken ct)
    {
        var direct = await client.GetDirectRoomsAsync(Self, ct);
        if (!direct.TryGetValue(other.Value, out var list)) direct[other.Value] = list = [];
        if (list.Contains(room.Value)) return;
        list.Add(room.Value);
        await client.SetDirectRoomsAsync(Self, direct, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "joined {Room} on the invitation of {Inviter}")]
    private static partial void LogJoined(ILogger logger, string room, string inviter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "invite to {Room} from {Inviter} left pending: not an allowed inviter (set AGENTCHAT_ALLOWED_INVITERS to allow it)")]
    private static partial void LogInviteIgnored(ILogger logger, string room, string inviter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not join {Room}: {Reason}")]
    private static partial void LogJoinFailed(ILogger logger, string room, string reason);
}
