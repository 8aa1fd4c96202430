using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Rooms;
using AgentChat.Matrix;
using AgentChat.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Registry;

/// <summary>
/// Announces this instance in the shared room's registry every interval, and as offline on a graceful stop.
/// Without the power to write that state it keeps the daemon working and says which command fixes it.
/// </summary>
internal sealed partial class Heartbeat(
    MatrixClient client, DaemonIdentity identity, DaemonOptions options, FollowedRooms rooms, RegistryState registry,
    TimeProvider time, ILogger<Heartbeat> logger) : BackgroundService
{
    private static readonly TimeSpan OfflineBudget = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var room = await rooms.SharedRoom.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
            do
            {
                await BeatAsync(room, "online", stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

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

    private async Task BeatAsync(RoomId room, string status, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var entry = InstanceEntry.ForThisHost(identity.Instance, "persistent", options.Description, options.Capabilities,
            identity.StartedAt.ToUnixTimeMilliseconds(), now, status);
        try
        {
            await InstanceRegistry.WriteAsync(client, room, identity.UserId, entry, ct);
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
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry: {Problem}")]
    private static partial void LogNoPower(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry heartbeat failed: {Reason}")]
    private static partial void LogBeatFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry: could not write offline before stopping")]
    private static partial void LogOfflineNotWritten(ILogger logger);
}
