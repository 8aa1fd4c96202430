using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Receipts;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.LoopGuard;
using AgentChat.Messages;
using AgentChat.Unanswered;
using AgentChat.Verbs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Unanswered;

/// <summary>
/// Posts the "nobody answered" digest: one <c>m.notice</c> per room listing its unanswered questions and tasks
/// with links, at most once per digest interval per room whoever posts it (a digest seen from another agent counts).
/// In the shared room one daemon posts: the alive persistent agent with the lowest user id, so a fleet does not post one each.
/// </summary>
internal sealed partial class DigestPoster(
    ConversationWatch watch, OutboxSender outbox, RegistryState registry, FollowedRooms rooms, DaemonIdentity identity, TimeProvider time, ILogger<DigestPoster> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromTicks(Math.Clamp(watch.Settings.DigestInterval.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PostDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogFailed(logger, e.Message); // a digest is a courtesy: never the reason a daemon stops
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostDueAsync(CancellationToken ct)
    {
        var due = watch.DueDigests();
        if (due.Count == 0) return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        bool? keeper = null;
        foreach (var (roomId, items) in due)
        {
            // In the shared room one agent posts; a direct or extra room has few members, and the interval keeps them to one digest.
            if (roomId == rooms.SharedRoomOrNull?.Value && !(keeper ??= await IsKeeperAsync(ct))) continue;
            var content = MessageComposer.Compose(new OutgoingMessage
            {
                Text = DigestText.Compose(items.Take(20).ToList(), now),
                Kind = MessageKind.Status,
                Instance = identity.Instance,
                Meta = MetaFields.With(null, Observed.NoticeField, Observed.DigestNotice),
            });
            outbox.Accept(TxnId.New(), roomId, null, content);
            watch.DigestPosted(roomId);
            LogPosted(logger, roomId, items.Count);
        }
    }

    private async Task<bool> IsKeeperAsync(CancellationToken ct)
    {
        var instances = await registry.ReadAsync(false, ct, TimeSpan.FromSeconds(2));
        return DigestKeeper.Of(instances, registry.Senders, time.GetUtcNow().ToUnixTimeMilliseconds()) is not { } keeper || keeper == identity.UserId.Value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "posted the unanswered digest in {Room}: {Count} item(s)")]
    private static partial void LogPosted(ILogger logger, string room, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not post the unanswered digest: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
