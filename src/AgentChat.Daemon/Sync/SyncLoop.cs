using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Reading;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AgentChat.Sync;

namespace AgentChat.Daemon.Sync;

/// <summary>
/// Keeps the /sync long-poll open: timeout 0 on the first call and after a failure, the configured poll
/// otherwise; exponential backoff with jitter while the homeserver is away; <c>next_batch</c> stored only
/// after the batch is in the buffer.
/// </summary>
internal sealed partial class SyncLoop(
    MatrixClient client,
    DaemonIdentity identity,
    DaemonOptions options,
    FollowedRooms rooms,
    MessageBuffer buffer,
    ReadMarkers markers,
    TimelineProcessor timeline,
    InviteJoiner invites,
    SyncHealth health,
    SyncTokenStore tokens,
    RegistryState registry,
    DaemonMetrics metrics,
    TimeProvider time,
    ILogger<SyncLoop> logger) : BackgroundService
{
    /// <summary>How often a homeserver that cannot be reached is asked again (cheaply) during a backoff.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private string? _filterId;
    private string? _since;
    private bool _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started) await ConnectAsync(stoppingToken);
                var initial = _since is null;
                // Timeout 0 on this run's first sync and after a failure: /health turns green without waiting out a poll.
                var poll = health.IsHealthy ? options.SyncTimeout : TimeSpan.Zero;
                var sync = await client.SyncAsync(_since, poll, _filterId, ct: stoppingToken);
                await invites.HandleAsync(sync.Rooms?.Invite, stoppingToken);
                await timeline.ProcessAsync(sync, initial, stoppingToken);
                tokens.Save(sync.NextBatch);
                _since = sync.NextBatch;
                if (failures > 0) metrics.SyncReconnects.Inc();
                failures = 0;
                health.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (MatrixException e)
            {
                failures++;
                metrics.SyncFailures.Inc();
                var wait = Backoff.Next(failures, options.MaxBackoff, e.RetryAfter);
                var unreachable = e.IsTransient && e.StatusCode is null; // no HTTP answer at all
                health.Failed(e.Message, wait, Blocker(e), unreachable);
                LogSyncFailed(logger, failures, wait.TotalSeconds, e.Message);
                try { await BackOffAsync(wait, e.RetryAfter is null, unreachable, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// Waits out a backoff, cut short when the homeserver is back: a send or heartbeat got through, or (when it
    /// could not be reached at all) a cheap <c>GET /_matrix/client/versions</c> every <see cref="ProbeInterval"/>
    /// answers. A rate limit's wait is never cut short.
    /// </summary>
    private async Task BackOffAsync(TimeSpan wait, bool mayCut, bool probe, CancellationToken ct)
    {
        var reached = mayCut ? health.ReachedSignal : new TaskCompletionSource().Task;
        var until = time.GetUtcNow() + wait;
        while (true)
        {
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero) return;
            try
            {
                await reached.WaitAsync(probe && left > ProbeInterval ? ProbeInterval : left, time, ct);
                LogBackoffCut(logger, "a send or heartbeat got through");
                return;
            }
            catch (TimeoutException)
            {
            }
            if (probe && await ProbeAsync(ct))
            {
                LogBackoffCut(logger, "the homeserver answers again");
                return;
            }
        }
    }

    private async Task<bool> ProbeAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ProbeInterval);
        try
        {
            await client.GetVersionsAsync(bounded.Token);
            return true;
        }
        catch (MatrixException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Once per run: account check, filter, rooms, buffer refill from history, read markers.</summary>
    private async Task ConnectAsync(CancellationToken ct)
    {
        var whoami = await client.WhoAmIAsync(ct);
        if (whoami.UserId != identity.UserId)
            throw new MatrixException($"the access token belongs to {whoami.UserId}, not {identity.UserId}: fix AGENTCHAT_USER_ID or the token",
                null, MatrixErrorCodes.Forbidden, null, isTransient: false);
        _filterId = await client.UploadFilterAsync(identity.UserId, SyncFilters.Daemon(100), ct);

        await JoinSharedRoomAsync(ct);
        // Who each sender is, before the first message is parsed.
        await registry.LoadAsync(await rooms.SharedRoom, ct);
        foreach (var extra in options.ExtraRooms)
        {
            var id = await client.JoinRoomAsync(extra, ct);
            rooms.Follow(id, extra.StartsWith('#') ? extra : null);
        }
        foreach (var joined in await client.GetJoinedRoomsAsync(ct)) rooms.Follow(joined);

        // Resuming from a stored token, the first sync's backfill brings what was missed, in order; a refill
        // first would put older messages after newer ones. Without a token the buffer starts from history.
        _since = tokens.Load();
        if (_since is null) await timeline.RefillAsync(rooms.All, ct);
        else
        {
            await invites.RevisitPendingAsync(ct); // resumed syncs never show invites older than the token
            await timeline.SeedWatchAsync(rooms.All, ct);
        }
        foreach (var room in rooms.All)
        {
            var marker = await AgentChat.Rooms.JoinPoint.UnreadAfterAsync(client, room, identity.UserId, ct); // the read marker, else from the invite or join
            markers.Initialize(room, marker, marker is { } m ? buffer.CursorOf(m.Value) : null);
        }
        _started = true;
        LogStarted(logger, identity.Instance, identity.UserId.Value, rooms.All.Count, buffer.Count);
    }

    private async Task JoinSharedRoomAsync(CancellationToken ct)
    {
        try
        {
            var shared = await client.JoinRoomAsync(identity.SharedRoom, ct);
            rooms.SetShared(shared, identity.SharedRoom);
        }
        catch (MatrixException e) when (e.ErrCode is MatrixErrorCodes.NotFound or MatrixErrorCodes.Forbidden)
        {
            throw new MatrixException(
                $"cannot join the shared room {identity.SharedRoom} ({e.ErrCode}): run `cchat setup --invite {identity.UserId}` as the operator, or set AGENTCHAT_ROOM",
                e.StatusCode, e.ErrCode, null, isTransient: false, e);
        }
    }

    private static string? Blocker(MatrixException e) => e.ErrCode switch
    {
        MatrixErrorCodes.UnknownToken or MatrixErrorCodes.MissingToken => $"the homeserver refuses the access token ({e.ErrCode}): run `cchat login` or set AGENTCHAT_ACCESS_TOKEN",
        _ when !e.IsTransient => e.Message,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "instance {Instance} ({UserId}) following {Rooms} rooms, {Buffered} messages buffered from history")]
    private static partial void LogStarted(ILogger logger, string instance, string userId, int rooms, int buffered);

    [LoggerMessage(Level = LogLevel.Information, Message = "sync resumes before its backoff ran out: {Why}")]
    private static partial void LogBackoffCut(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sync failed ({Failures} in a row), retrying in {Seconds:0.#} s: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, int failures, double seconds, string reason);
}
