using System.Text.Json;
using AgentChat.Archive.Store;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using AgentChat.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using AgentChat.Sync;

namespace AgentChat.Archive.Service;

/// <summary>
/// The archive's /sync loop: each batch (with its backfill) and the token after it are committed together,
/// so after a crash, a PostgreSQL restart or a homeserver outage it resumes exactly where the last commit
/// left off; events seen twice are written once. Failures of either side back off (capped, with jitter) and retry.
/// </summary>
internal sealed partial class ArchiveSync(
    MatrixClient client,
    ArchiveStore store,
    ArchiveIdentity identity,
    ArchiveOptions options,
    FollowedRooms rooms,
    RegistryState registry,
    InviteJoiner invites,
    ArchiveBatchBuilder builder,
    SyncHealth health,
    ArchiveStats stats,
    ArchiveMetrics metrics,
    TimeProvider time,
    ILogger<ArchiveSync> logger) : BackgroundService
{
    private string? _filterId;
    private string? _since;
    private bool _started;

    private string Account => identity.UserId.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started) await ConnectAsync(stoppingToken);
                var poll = health.IsHealthy ? options.SyncTimeout : TimeSpan.Zero;
                var sync = await client.SyncAsync(_since, poll, _filterId, ct: stoppingToken);
                await invites.HandleAsync(sync.Rooms?.Invite, stoppingToken);
                var batch = await builder.BuildAsync(sync, stoppingToken);
                var written = await store.WriteAsync(batch, Account, sync.NextBatch, Refused, stoppingToken);
                stats.Wrote(written.Messages, written.Registry, written.Receipts, batch.Messages.Count > 0 ? batch.Messages.Max(m => m.Ts) : 0);
                // counted when first stored, so an answer seen again (a backfill, a restart) is counted once
                foreach (var answer in written.Answers) metrics.AnswerCosts.Count(answer.Agent, answer.Cost);
                _since = sync.NextBatch;
                stats.Synced(afterFailure: failures > 0);
                failures = 0;
                health.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MatrixException or NpgsqlException or ArchiveStoreException or TimeoutException)
            {
                failures++;
                stats.Failed();
                var wait = Backoff.Next(failures, options.MaxBackoff, (e as MatrixException)?.RetryAfter);
                var reason = e is NpgsqlException and not PostgresException ? $"PostgreSQL unreachable: {e.Message}" : e.Message;
                health.Failed(reason, wait, e is MatrixException m && !m.IsTransient ? m.Message : null);
                LogFailed(logger, failures, wait.TotalSeconds, reason);
                try { await Task.Delay(wait, time, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var applied = await Migrations.ApplyAsync(store.DataSource, ct);
        if (applied > 0) LogMigrated(logger, applied, Migrations.Latest);
        var whoami = await client.WhoAmIAsync(ct);
        if (whoami.UserId != identity.UserId)
            throw new MatrixException($"the access token belongs to {whoami.UserId}, not {identity.UserId}: fix AGENTCHAT_USER_ID or the token",
                null, MatrixErrorCodes.Forbidden, null, isTransient: false);
        _filterId = await client.UploadFilterAsync(identity.UserId, SyncFilters.Agent(100), ct);
        try
        {
            rooms.SetShared(await client.JoinRoomAsync(identity.SharedRoom, ct), identity.SharedRoom);
        }
        catch (MatrixException e) when (e.ErrCode is MatrixErrorCodes.NotFound or MatrixErrorCodes.Forbidden)
        {
            throw new MatrixException(
                $"cannot join the shared room {identity.SharedRoom} ({e.ErrCode}): run `cchat setup --invite {identity.UserId}` as the operator, or set AGENTCHAT_ROOM",
                e.StatusCode, e.ErrCode, null, isTransient: false, e);
        }
        await registry.LoadAsync(await rooms.SharedRoom, ct);
        foreach (var extra in options.ExtraRooms)
            rooms.Follow(await client.JoinRoomAsync(extra, ct), extra.StartsWith('#') ? extra : null);
        foreach (var joined in await client.GetJoinedRoomsAsync(ct)) rooms.Follow(joined);
        _since = await store.LoadTokenAsync(Account, ct);
        if (_since is not null) await invites.RevisitPendingAsync(ct);
        _started = true;
        LogStarted(logger, identity.UserId.Value, rooms.All.Count, _since is null ? "first start: backfilling history" : "resuming from the stored sync token");
    }

    /// <summary>Messages and registry changes in the timeline, receipts, and the state that says who each sender is.</summary>

    private void Refused(string eventId, Exception e) => LogRefused(logger, eventId, e.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "archive schema migrated: {Applied} versions applied, now at {Version}")]
    private static partial void LogMigrated(ILogger logger, int applied, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "archiving as {UserId}, {Rooms} rooms: {Mode}")]
    private static partial void LogStarted(ILogger logger, string userId, int rooms, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "archive sync failed ({Failures} in a row), retrying in {Seconds:0.#} s: {Reason}")]
    private static partial void LogFailed(ILogger logger, int failures, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused event {EventId}; it is left out: {Reason}")]
    private static partial void LogRefused(ILogger logger, string eventId, string reason);
}
