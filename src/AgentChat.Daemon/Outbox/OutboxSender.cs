using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Sync;
using AgentChat.Matrix;
using AgentChat.Rooms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Outbox;

/// <summary>
/// Delivers the outbox. A message whose destination has nothing waiting goes out at once, from the request
/// that accepted it, side by side with other requests; once anything waits (a retry, a restart's replay) the
/// destination's messages go through its lane one at a time, in order, retried with backoff under the same
/// transaction id. Permanent refusals reach the waiting sender and stay in <c>outbox/failed/</c>.
/// </summary>
internal sealed partial class OutboxSender(
    MatrixClient client, OutboxStore store, RoomResolver resolver, SyncHealth health, DaemonOptions options, TimeProvider time, ILogger<OutboxSender> logger)
    : BackgroundService
{
    /// <summary>Accepted messages are waiting: retry more often than the sync loop, and at once when it reconnects.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, PendingSend> _byTxn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waiting = new(StringComparer.Ordinal);
    private readonly Channel<PendingSend> _incoming = Channel.CreateUnbounded<PendingSend>(new UnboundedChannelOptions { SingleReader = true });
    private bool _replayed;

    /// <summary>Messages accepted and not yet in the room.</summary>
    public int Depth => _byTxn.Count;

    /// <summary>
    /// Accepts a message: on disk before this returns, and sent at once when its destination has nothing
    /// waiting. The same transaction id while still pending joins the first message instead of making a second.
    /// </summary>
    public async Task<PendingSend> AcceptAsync(string txnId, string? target, string? directTo, byte[] content)
    {
        PendingSend pending;
        bool now;
        lock (_lock)
        {
            if (_byTxn.TryGetValue(txnId, out var existing)) return existing;
            using var document = JsonDocument.Parse(content);
            var entry = new OutboxEntry(store.NextSeq(), txnId, target, directTo, document.RootElement.Clone(), time.GetUtcNow().ToUnixTimeMilliseconds());
            pending = new PendingSend(entry);
            _byTxn[txnId] = pending;
            now = _replayed && _waiting.GetValueOrDefault(entry.Lane) == 0;
        }
        var save = Task.Run(() => store.Save(pending.Entry));
        if (!now)
        {
            await save;
            HandToLane(pending);
            return pending;
        }

        // The PUT and the fsync run side by side; the caller hears nothing before both are done. A crash in
        // between leaves the file, and its replay reuses the transaction id: the homeserver keeps one event.
        var attempt = AttemptAsync(pending.Entry, CancellationToken.None);
        await save;
        switch (await attempt)
        {
            case SendOutcome outcome:
                Finish(pending, outcome);
                break;
            default:
                pending.AttemptFailed();
                HandToLane(pending);
                break;
        }
        return pending;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var entry in store.LoadPending())
        {
            var pending = new PendingSend(entry);
            if (_byTxn.TryAdd(entry.TxnId, pending)) HandToLane(pending);
        }
        lock (_lock) _replayed = true;

        var lanes = new Dictionary<string, Channel<PendingSend>>(StringComparer.Ordinal);
        var laneTasks = new List<Task>();
        try
        {
            await foreach (var pending in _incoming.Reader.ReadAllAsync(stoppingToken))
            {
                if (!lanes.TryGetValue(pending.Entry.Lane, out var lane))
                {
                    lanes[pending.Entry.Lane] = lane = Channel.CreateUnbounded<PendingSend>(new UnboundedChannelOptions { SingleReader = true });
                    laneTasks.Add(RunLaneAsync(lane.Reader, stoppingToken));
                }
                lane.Writer.TryWrite(pending);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var lane in lanes.Values) lane.Writer.TryComplete();
            await Task.WhenAll(laneTasks);
        }
    }

    private void HandToLane(PendingSend pending)
    {
        lock (_lock) _waiting[pending.Entry.Lane] = _waiting.GetValueOrDefault(pending.Entry.Lane) + 1;
        _incoming.Writer.TryWrite(pending);
    }

    private async Task RunLaneAsync(ChannelReader<PendingSend> lane, CancellationToken ct)
    {
        try
        {
            await foreach (var pending in lane.ReadAllAsync(ct))
            {
                await DeliverAsync(pending, ct);
                lock (_lock) _waiting[pending.Entry.Lane]--;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // what is left stays on disk and goes out after the restart
        }
    }

    /// <summary>Sends until delivered or refused, waiting out transient failures.</summary>
    private async Task DeliverAsync(PendingSend pending, CancellationToken ct)
    {
        for (var failures = 0; ; )
        {
            var recovered = health.Recovered;
            if (await AttemptAsync(pending.Entry, ct) is { } outcome)
            {
                Finish(pending, outcome);
                if (failures > 0 && outcome is SendOutcome.Delivered) LogDeliveredLate(logger, pending.Entry.TxnId, failures);
                return;
            }
            pending.AttemptFailed();
            var cap = options.MaxBackoff < MaxRetryWait ? options.MaxBackoff : MaxRetryWait;
            await Task.WhenAny(Task.Delay(Backoff.Next(++failures, cap), time, ct), recovered);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>One try: the outcome, or null when the homeserver could not be reached or asked us to wait.</summary>
    private async Task<SendOutcome?> AttemptAsync(OutboxEntry entry, CancellationToken ct)
    {
        try
        {
            var room = entry.DirectTo is { } other
                ? await resolver.FindOrCreateDirectRoomAsync(new UserId(other), ct)
                : await resolver.ResolveRoomAsync(entry.Target!, ct);
            var eventId = await client.SendEventAsync(room, "m.room.message", Encoding.UTF8.GetBytes(entry.Content.GetRawText()), entry.TxnId, ct);
            return new SendOutcome.Delivered(eventId, room);
        }
        catch (MatrixException e) when (e.IsTransient)
        {
            LogRetrying(logger, entry.TxnId, e.Message);
            return null;
        }
        catch (MatrixException e)
        {
            return new SendOutcome.Refused(e);
        }
    }

    private void Finish(PendingSend pending, SendOutcome outcome)
    {
        if (outcome is SendOutcome.Refused refused)
        {
            store.MoveToFailed(pending.Entry);
            LogRefused(logger, pending.Entry.TxnId, refused.Error.Message);
        }
        else
        {
            store.Remove(pending.Entry);
        }
        _byTxn.TryRemove(pending.Entry.TxnId, out _);
        pending.Complete(outcome);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "message {TxnId} not delivered yet, will retry: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string txnId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "message {TxnId} delivered after {Failures} failed attempts")]
    private static partial void LogDeliveredLate(ILogger logger, string txnId, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "message {TxnId} refused by the homeserver, kept in outbox/failed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string txnId, string reason);
}
