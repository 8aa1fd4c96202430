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
/// Delivers the outbox: one lane per destination, so each room's messages keep their order while rooms
/// proceed side by side. Transient failures are retried with backoff under the same transaction id;
/// permanent ones are reported to the waiting sender and kept in <c>outbox/failed/</c>.
/// </summary>
internal sealed partial class OutboxSender(
    MatrixClient client, OutboxStore store, RoomResolver resolver, SyncHealth health, DaemonOptions options, TimeProvider time, ILogger<OutboxSender> logger)
    : BackgroundService
{
    /// <summary>Accepted messages are waiting: retry more often than the sync loop, and at once when it reconnects.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, PendingSend> _byTxn = new(StringComparer.Ordinal);
    private readonly Channel<PendingSend> _incoming = Channel.CreateUnbounded<PendingSend>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Messages accepted and not yet in the room.</summary>
    public int Depth => _byTxn.Count;

    /// <summary>
    /// Persists the message, then queues it. The same transaction id while still pending joins the first
    /// message instead of making a second.
    /// </summary>
    public PendingSend Enqueue(string txnId, string? target, string? directTo, byte[] content)
    {
        lock (_lock)
        {
            if (_byTxn.TryGetValue(txnId, out var existing)) return existing;
            using var document = JsonDocument.Parse(content);
            var entry = new OutboxEntry(store.NextSeq(), txnId, target, directTo, document.RootElement.Clone(), time.GetUtcNow().ToUnixTimeMilliseconds());
            store.Save(entry);
            var pending = new PendingSend(entry);
            _byTxn[txnId] = pending;
            _incoming.Writer.TryWrite(pending);
            return pending;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var entry in store.LoadPending())
        {
            var pending = new PendingSend(entry);
            if (_byTxn.TryAdd(entry.TxnId, pending)) _incoming.Writer.TryWrite(pending);
        }

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

    private async Task RunLaneAsync(ChannelReader<PendingSend> lane, CancellationToken ct)
    {
        try
        {
            await foreach (var pending in lane.ReadAllAsync(ct)) await DeliverAsync(pending, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // what is left stays on disk and goes out after the restart
        }
    }

    private async Task DeliverAsync(PendingSend pending, CancellationToken ct)
    {
        var entry = pending.Entry;
        var content = Encoding.UTF8.GetBytes(entry.Content.GetRawText());
        for (var failures = 0; ; )
        {
            try
            {
                var room = entry.DirectTo is { } other
                    ? await resolver.FindOrCreateDirectRoomAsync(new UserId(other), ct)
                    : await resolver.ResolveRoomAsync(entry.Target!, ct);
                var eventId = await client.SendEventAsync(room, "m.room.message", content, entry.TxnId, ct);
                store.Remove(entry);
                _byTxn.TryRemove(entry.TxnId, out _);
                pending.Complete(new SendOutcome.Delivered(eventId, room));
                if (failures > 0) LogDeliveredLate(logger, entry.TxnId, failures);
                return;
            }
            catch (MatrixException e) when (e.IsTransient)
            {
                pending.AttemptFailed();
                var recovered = health.Recovered;
                var cap = options.MaxBackoff < MaxRetryWait ? options.MaxBackoff : MaxRetryWait;
                var wait = Backoff.Next(++failures, cap, e.RetryAfter);
                LogRetrying(logger, entry.TxnId, wait.TotalSeconds, e.Message);
                await Task.WhenAny(Task.Delay(wait, time, ct), recovered);
                ct.ThrowIfCancellationRequested();
            }
            catch (MatrixException e)
            {
                store.MoveToFailed(entry);
                _byTxn.TryRemove(entry.TxnId, out _);
                pending.Complete(new SendOutcome.Refused(e));
                LogRefused(logger, entry.TxnId, e.Message);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "message {TxnId} not delivered yet, retrying in {Seconds:0.#} s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string txnId, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "message {TxnId} delivered after {Failures} failed attempts")]
    private static partial void LogDeliveredLate(ILogger logger, string txnId, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "message {TxnId} refused by the homeserver, kept in outbox/failed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string txnId, string reason);
}
