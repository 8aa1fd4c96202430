using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Presence;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using AgentChat.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Registry;

/// <summary>
/// Announces this instance in the shared room's registry: looks every interval and writes when the entry changed or
/// half its TTL has passed (<see cref="RefreshRule"/>), at once (debounced) when its busy or wakeable changes, and as
/// offline on a graceful stop.
/// Without the power to write that state it keeps the daemon working and says which command fixes it.
/// </summary>
internal sealed partial class Heartbeat(
    MatrixClient client, DaemonIdentity identity, DaemonOptions options, FollowedRooms rooms, RegistryState registry,
    PresenceState presence, SyncHealth health, NameClaim claim, DaemonMetrics metrics, TimeProvider time, ILogger<Heartbeat> logger) : BackgroundService
{
    private static readonly TimeSpan OfflineBudget = TimeSpan.FromSeconds(3);

    private readonly RefreshRule _refresh = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var room = await rooms.SharedRoom.WaitAsync(stoppingToken);
            while (true)
            {
                var changed = presence.Changed; // taken before the snapshot the beat writes
                var published = await BeatAsync(room, "online", stoppingToken);
                await WaitForNextBeatAsync(published, changed, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Returns when the interval has passed, or sooner when busy or wakeable no longer match what was
    /// published: such a change reaches the registry at once, after <see cref="DaemonOptions.PresenceDebounce"/>
    /// to let a flapping flag settle (a flag that flips and flips back writes nothing). The cursor waits for the beat.
    /// </summary>
    private async Task WaitForNextBeatAsync(SelfPresence published, Task changed, CancellationToken ct)
    {
        var due = time.GetUtcNow() + options.HeartbeatInterval;
        // Busy said again keeps the same attention but a later expiry: readers must not see the written one lapse.
        DateTimeOffset? publishedLapse = published.BusyUntil is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        while (true)
        {
            var now = time.GetUtcNow();
            if (now >= due || now >= publishedLapse) return;
            var until = Earliest(Earliest(due, presence.NextLapse()), publishedLapse);
            try
            {
                if (until > now) await changed.WaitAsync(until - now, time, ct);
            }
            catch (TimeoutException)
            {
            }
            changed = presence.Changed;
            if (presence.Snapshot().SameAttention(published)) continue;
            await Task.Delay(options.PresenceDebounce, time, ct);
            changed = presence.Changed;
            if (!presence.Snapshot().SameAttention(published)) return;
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset? b) => b is { } t && t < a ? t : a;
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (rooms.SharedRoomOrNull is not { } room) return;
        // Its own budget, not what is left of the host's: whatever else the stop waited on, offline is written.
        using var budget = new CancellationTokenSource(OfflineBudget, time);
        try
        {
            await BeatAsync(room, "offline", budget.Token);
        }
        catch (OperationCanceledException)
        {
            LogOfflineNotWritten(logger);
        }
    }

    /// <summary>Writes the entry with the presence of now; returns that presence, written or not (the next beat retries).</summary>
    private async Task<SelfPresence> BeatAsync(RoomId room, string status, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var now = at.ToUnixTimeMilliseconds();
        var self = presence.Snapshot();
        // Offline, nothing is attached and nobody works: only the cursor still says something.
        if (status != "online") self = self with { Busy = false, BusyOn = null, BusyUntil = null, Wakeable = PresenceRules.None };
        var entry = InstanceEntry.ForThisHost(identity.Instance, "persistent", options.Description, options.Capabilities,
            identity.StartedAt.ToUnixTimeMilliseconds(), now, status).With(self) with { Claim = claim.Claim, TtlMs = (long)options.RegistryTtl.TotalMilliseconds };
        if (status == "online" && !_refresh.MustWrite(entry, at))
        {
            metrics.RegistryBeatsSkipped.Inc();
            return self;
        }
        try
        {
            var written = await InstanceRegistry.WriteAsync(client, room, identity.UserId, entry, ct);
            metrics.RegistryWrites.Inc();
            _refresh.Written(entry, at);
            health.Reached(); // the homeserver is back: sync need not wait out its backoff
            if (status == "online") claim.Written(written);
            registry.Problem = null;
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
        {
            var problem = $"{identity.UserId} may not write {InstanceEntry.EventType} in {identity.SharedRoom}: run `cchat setup` as the room's creator or an admin to let members announce themselves";
            if (registry.Problem is null) LogNoPower(logger, problem);
            registry.Problem = problem;
        }
        catch (MatrixException e)
        {
            LogBeatFailed(logger, e.Message);
        }
        return self;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry: {Problem}")]
    private static partial void LogNoPower(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry heartbeat failed: {Reason}")]
    private static partial void LogBeatFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry: could not write offline before stopping")]
    private static partial void LogOfflineNotWritten(ILogger logger);
}
