using System.Text.Json;
using AgentChat.Matrix;
using Microsoft.Extensions.Logging;
using AgentChat.Sync;

namespace AgentChat.Hosting.Rooms;

/// <summary>
/// Joins invites from allowed inviters; leaves the others pending and says so once. Pending invites are
/// looked at again at start and whenever the allow list changes: a sync resumed from its token never shows them again.
/// A joined room is followed at once; what else a host does with it is its <see cref="IAfterJoin"/>.
/// </summary>
public sealed partial class InviteJoiner(MatrixClient client, InvitePolicy policy, FollowedRooms rooms, TimeProvider time, ILogger<InviteJoiner> logger,
    IAfterJoin? afterJoin = null)
{
    private const int MaxJoinAttempts = 5;
    private readonly HashSet<RoomId> _reported = [];
    private readonly Dictionary<RoomId, (InvitedRoom Invite, int Attempts, DateTimeOffset Due)> _retries = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private UserId Self => policy.Self;

    /// <summary>The invites of one sync, then the joins that failed earlier and are due again.</summary>
    public async Task HandleAsync(IReadOnlyDictionary<RoomId, InvitedRoom>? invites, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            foreach (var (room, invited) in invites ?? new Dictionary<RoomId, InvitedRoom>()) await HandleOneAsync(room, invited, 0, ct);
            var now = time.GetUtcNow();
            foreach (var (room, retry) in _retries.Where(r => r.Value.Due <= now).ToList())
            {
                _retries.Remove(room);
                await HandleOneAsync(room, retry.Invite, retry.Attempts, ct);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Every invite still pending on the homeserver, judged by the allow list in force now.</summary>
    public async Task RevisitPendingAsync(CancellationToken ct)
    {
        var sync = await client.SyncAsync(null, TimeSpan.Zero, SyncFilters.PendingInvitesJson(), ct: ct);
        var pending = sync.Rooms?.Invite;
        LogRevisited(logger, pending?.Count ?? 0);
        await HandleAsync(pending, ct);
    }

    private async Task HandleOneAsync(RoomId room, InvitedRoom invited, int attempts, CancellationToken ct)
    {
        var invite = invited.InviteState?.Events.LastOrDefault(e => e.Type == EventTypes.RoomMember && e.StateKey == Self.Value);
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
            _reported.Remove(room);
            LogJoined(logger, room.Value, inviter.Value);
            if (afterJoin is not null) await afterJoin.JoinedAsync(new JoinedInvite(room, inviter, IsDirect(invite)), ct);
        }
        catch (MatrixException e)
        {
            // A remote server can pass an invite on before it has stored it ("You are not invited"), or be down (5xx):
            // try again a few times. Never throw: one invite must not hold up the sync loop that delivers everything else.
            if (++attempts < MaxJoinAttempts)
                _retries[room] = (invited, attempts, time.GetUtcNow() + TimeSpan.FromSeconds(1 << attempts));
            else if (_reported.Add(room)) LogJoinFailed(logger, room.Value, e.Message);
        }
    }

    private static bool IsDirect(MatrixEvent invite) =>
        invite.Content.ValueKind == JsonValueKind.Object && invite.Content.TryGetProperty("is_direct", out var direct) && direct.ValueKind == JsonValueKind.True;


    [LoggerMessage(Level = LogLevel.Information, Message = "joined {Room} on the invitation of {Inviter}")]
    private static partial void LogJoined(ILogger logger, string room, string inviter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "invite to {Room} from {Inviter} left pending: not an allowed inviter (set AGENTCHAT_ALLOWED_INVITERS, or allowed_inviters in the config file, to allow it)")]
    private static partial void LogInviteIgnored(ILogger logger, string room, string inviter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not join {Room}: {Reason}")]
    private static partial void LogJoinFailed(ILogger logger, string room, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "looked at {Count} pending invites again")]
    private static partial void LogRevisited(ILogger logger, int count);
}
