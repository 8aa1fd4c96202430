using System.Threading.Channels;
using AgentChat.Daemon.Outbox;
using AgentChat.Hosting.Rooms;
using AgentChat.Leases;
using AgentChat.Verbs;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Daemon.Leases;

/// <summary>
/// Tells the humans of lease changes with one <c>m.notice</c>, at most one per <see cref="Interval"/>: what changed
/// in between goes into the next notice, so an agent taking and releasing in a loop makes a few lines, not a flood.
/// </summary>
internal sealed class LeaseNotifier(OutboxSender outbox, FollowedRooms rooms, DaemonIdentity identity, TimeProvider time) : BackgroundService
{
    private static TimeSpan Interval => LeaseNotice.Interval;
    private const int MaxLines = LeaseNotice.MaxLines;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropOldest });

    public Task EnqueueAsync(string line, CancellationToken ct)
    {
        _lines.Writer.TryWrite(line);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var room = await rooms.SharedRoom.WaitAsync(stoppingToken);
            while (await _lines.Reader.WaitToReadAsync(stoppingToken))
            {
                var lines = new List<string>();
                while (lines.Count < MaxLines && _lines.Reader.TryRead(out var line)) lines.Add(line);
                outbox.Accept(TxnId.New(), room.Value, null, LeaseNotice.Content(identity.Instance, lines), TimeSpan.Zero);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
