using AgentChat.Matrix;
using AgentChat.Receipts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Wake;

/// <summary>
/// Puts the 👀 reaction on each message the session was handed (<see cref="DeliveryMarks"/>), from this agent's
/// account: what tells a human, and the sender's daemon, that the model has it. Off the hook's path: a hook answers
/// at once. A failed reaction is retried a few times (same transaction id, so never two), then logged and left.
/// </summary>
internal sealed partial class DeliveryReactionSender(DeliveryMarks marks, MatrixClient client, TimeProvider time, ILogger<DeliveryReactionSender> logger)
    : BackgroundService
{
    private const int Attempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await marks.Queue.WaitToReadAsync(stoppingToken))
            {
                while (marks.Queue.TryRead(out var mark)) await SendAsync(mark.RoomId, mark.EventId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(string roomId, string eventId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeliveryReaction.SendAsync(client, new RoomId(roomId), eventId, ct);
                return;
            }
            catch (Exception e) when (e is MatrixException or HttpRequestException or IOException || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                var permanent = e is MatrixException { IsTransient: false };
                if (permanent || attempt >= Attempts)
                {
                    LogFailed(logger, eventId, e.Message);
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), time, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not mark {EventId} delivered (the 👀 reaction): {Reason}")]
    private static partial void LogFailed(ILogger logger, string eventId, string reason);
}
