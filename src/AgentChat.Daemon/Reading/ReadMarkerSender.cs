using AgentChat.Matrix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Reading;

/// <summary>Moves the Matrix read markers behind the readers, coalescing bursts to the newest event per room.</summary>
internal sealed partial class ReadMarkerSender(ReadMarkers markers, MatrixClient client, ILogger<ReadMarkerSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = markers.Moves;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var latest = new Dictionary<RoomId, AgentChat.Matrix.EventId>();
                while (reader.TryRead(out var move)) latest[move.Room] = move.Event;
                foreach (var (room, eventId) in latest)
                {
                    try
                    {
                        await client.SetReadMarkersAsync(room, eventId, eventId, stoppingToken);
                    }
                    catch (MatrixException e)
                    {
                        LogMarkerFailed(logger, room.Value, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Moves the markers still queued before the daemon exits, so a restart does not re-deliver them.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(3));
        var latest = new Dictionary<RoomId, AgentChat.Matrix.EventId>();
        while (markers.Moves.TryRead(out var move)) latest[move.Room] = move.Event;
        foreach (var (room, eventId) in latest)
        {
            try
            {
                await client.SetReadMarkersAsync(room, eventId, eventId, budget.Token);
            }
            catch (Exception e) when (e is MatrixException or OperationCanceledException)
            {
                LogMarkerFailed(logger, room.Value, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not move the read marker in {Room}: {Reason}")]
    private static partial void LogMarkerFailed(ILogger logger, string room, string reason);
}
