using AgentChat.Daemon.Buffer;
using AgentChat.Hosting.Rooms;
using AgentChat.Leases;
using AgentChat.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Leases;

/// <summary>
/// A human's <c>!release PATH</c> in the shared room ends this agent's leases covering the path, taken before the
/// command was said (so history read again at start never ends a later lease); the notice says so. Only a message whose
/// sender is human (docs/identity-and-hostile-input.md) carries that authority: an agent's <c>!release</c> is chat.
/// </summary>
internal sealed partial class HumanRelease(MessageBuffer buffer, DaemonLeases leases, FollowedRooms rooms, DaemonIdentity identity, ILogger<HumanRelease> logger)
    : BackgroundService
{
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var shared = (await rooms.SharedRoom.WaitAsync(stoppingToken)).Value;
            var self = identity.UserId.Value;
            long cursor = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = buffer.Changed;
                var slice = buffer.After(cursor, m => m.Human && m.Sender != self && m.RoomId == shared && LeaseNotice.ReleasePath(m.Body) is not null, Batch);
                foreach (var message in slice.Messages)
                {
                    cursor = message.Cursor;
                    await HandleSafelyAsync(message, stoppingToken);
                }
                if (slice.Messages.Count == Batch) continue;
                cursor = Math.Max(cursor, slice.Latest);
                await changed.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleSafelyAsync(ChatMessage message, CancellationToken ct)
    {
        try
        {
            var path = LeaseNotice.ReleasePath(message.Body)!;
            var desk = await leases.DeskAsync(ct);
            var released = await desk.ReleaseCoveringAsync(path, message.Sender, message.Ts, ct);
            if (released.Released.Count > 0) LogReleased(logger, released.Released.Count, path, message.Sender);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // a stranger's message must never stop the daemon
            LogFailed(logger, message.EventId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "released {Count} lease(s) covering {Path} at {Human}'s request")]
    private static partial void LogReleased(ILogger logger, int count, string path, string human);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not act on !release in {EventId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string eventId, string reason);
}
