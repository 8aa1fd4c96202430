using System.Text;
using System.Text.Json;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Outbox;

// The way out: a send made at once settles here, and each lane's worker delivers what waits, in order.
internal sealed partial class OutboxSender
{
    /// <summary>Settles a send made at once. A failure hands the message to its lane, ahead of everything accepted after it.</summary>
    private async Task RunFastAsync(PendingSend pending, Task<AttemptResult> attempt)
    {
        var result = await attempt;
        lock (_lock)
        {
            if (pending.State != PendingState.Fast) return; // the lane took it over and awaits the same attempt
            pending.State = PendingState.Settling;
            pending.Adopted = null;
        }
        try
        {
            var saved = await pending.Saved;
            // Not saved and no answer: the PUT may still land, so the lane retries it (in memory) under the same transaction id.
            if (result.Outcome is { } outcome) Conclude(pending, outcome, saved);
            else if (!_stop.IsCancellationRequested) HandToLane(pending, markQueued: true);
        }
        catch (Exception e)
        {
            RecordFault(pending.Lane, e);
            HandToLane(pending, markQueued: true);
        }
    }

    private void HandToLane(PendingSend pending, bool markQueued)
    {
        lock (_lock)
        {
            if (pending.State != PendingState.Settling) return;
            var lane = _lanes[pending.Lane];
            lane.InFlight--;
            Enqueue(lane, pending);
            if (markQueued) MarkLaneQueued(lane);
        }
    }

    /// <summary>Keeps a lane's worker alive: an unexpected failure is logged, counted in /status, and the lane restarts after a pause.</summary>
    private async Task SuperviseAsync(OutboxLane lane)
    {
        for (var faults = 0; ;)
        {
            try
            {
                await RunLaneAsync(lane);
                return;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RecordFault(lane.Key, e);
                try
                {
                    await Task.Delay(Backoff.Next(++faults, MaxFaultWait), time, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RunLaneAsync(OutboxLane lane)
    {
        while (true)
        {
            PendingSend next;
            lock (_lock)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Worker = null;
                    if (lane.IsIdle) _lanes.Remove(lane.Key);
                    return;
                }
                next = lane.Waiting.Values[0];
            }
            await DeliverAsync(next, _stop.Token);
        }
    }

    /// <summary>Sends until delivered or refused, waiting out transient failures; the message stays at the head of its lane meanwhile.</summary>
    private async Task DeliverAsync(PendingSend pending, CancellationToken ct)
    {
        for (var failures = 0; ;)
        {
            var recovered = health.Recovered;
            Task<AttemptResult>? adopted;
            lock (_lock)
            {
                if (pending.State == PendingState.Done) return; // withdrawn: the disk refused it before any PUT
                pending.Attempted = true;
                adopted = pending.Adopted;
                pending.Adopted = null;
            }
            var result = await (adopted ?? AttemptAsync(pending.Entry, ct));
            ct.ThrowIfCancellationRequested();
            var saved = await pending.Saved;
            if (result.Outcome is { } outcome)
            {
                Conclude(pending, outcome, saved);
                if (failures > 0 && outcome is SendOutcome.Delivered) LogDeliveredLate(logger, pending.Entry.TxnId, failures);
                return;
            }
            lock (_lock) MarkLaneQueued(_lanes[pending.Lane]);
            var cap = options.MaxBackoff < MaxRetryWait ? options.MaxBackoff : MaxRetryWait;
            await Task.WhenAny(Task.Delay(Backoff.Next(++failures, cap, result.RetryAfter), time, ct), recovered);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>One try. Never throws for the homeserver's sake: unreachable, rate-limited or stopping is "no outcome".</summary>
    private async Task<AttemptResult> AttemptAsync(OutboxEntry entry, CancellationToken ct)
    {
        try
        {
            RoomId room;
            if (entry.DirectTo is { } other)
            {
                room = await resolver.FindOrCreateDirectRoomAsync(new UserId(other), ct);
            }
            else
            {
                room = await resolver.ResolveRoomAsync(entry.Target!, ct);
                if (!entry.Target!.StartsWith('!')) lock (_lock) _aliases[entry.Target] = room.Value;
            }
            var eventId = await client.SendEventAsync(room, EventTypes.RoomMessage, Encoding.UTF8.GetBytes(entry.Content.GetRawText()), entry.TxnId, ct);
            health.Reached(); // the homeserver is back: sync need not wait out its backoff
            return new(new SendOutcome.Delivered(eventId, room));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return default;
        }
        catch (MatrixException e) when (e.IsTransient)
        {
            LogRetrying(logger, entry.TxnId, e.Message);
            return new(null, e.RetryAfter);
        }
        catch (MatrixException e)
        {
            return new(new SendOutcome.Refused(e));
        }
    }

    /// <summary>The message's end: its file removed (or kept in failed/), then it leaves memory and its request hears.</summary>
    private void Conclude(PendingSend pending, SendOutcome outcome, bool saved)
    {
        if (outcome is SendOutcome.Refused refused)
        {
            if (saved) store.MoveToFailed(pending.Entry);
            LogRefused(logger, pending.Entry.TxnId, refused.Error.Message);
        }
        else if (saved)
        {
            store.Remove(pending.Entry);
        }
        else
        {
            RemoveUnsaved(pending.Entry);
        }
        Count(pending, outcome);
        lock (_lock)
        {
            var lane = _lanes[pending.Lane];
            if (pending.State == PendingState.Settling) lane.InFlight--;
            else lane.Waiting.Remove(pending.Entry.Seq);
            pending.State = PendingState.Done;
            if (_byTxn.TryGetValue(pending.Entry.TxnId, out var current) && current == pending) _byTxn.Remove(pending.Entry.TxnId);
            if (outcome is SendOutcome.Delivered delivered) _delivered.Add(pending.Entry, delivered);
            if (lane.IsIdle) _lanes.Remove(lane.Key);
        }
        pending.Complete(outcome);
    }

    private bool Commit(OutboxFile file, OutboxEntry entry)
    {
        try
        {
            file.Commit();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotSaved(logger, entry.TxnId, e.Message);
            return false;
        }
    }

    private void Count(PendingSend pending, SendOutcome outcome)
    {
        if (outcome is SendOutcome.Refused)
        {
            metrics.SendRefused.Inc();
            return;
        }
        if (outcome is not SendOutcome.Delivered) return;
        if (pending.AcceptedAt != 0) metrics.SendLatency.ObserveSince(pending.AcceptedAt, time);
        var kind = pending.Entry.Content.ValueKind == JsonValueKind.Object
                   && pending.Entry.Content.TryGetProperty("com.aiagentchat.meta", out var meta) && meta.ValueKind == JsonValueKind.Object
                   && meta.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
            ? k.GetString()
            : null;
        metrics.Sent(kind);
    }

    /// <summary>A file whose flush failed may still be there: gone, it cannot send the message again after a restart.</summary>
    private void RemoveUnsaved(OutboxEntry entry)
    {
        try
        {
            store.Remove(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnsavedLeft(logger, entry.TxnId, e.Message);
        }
    }

    private static SendOutcome.NotSaved NotSaved() => new("the outbox could not flush the message to disk");

    private void Track(Task task)
    {
        lock (_lock) _fast.Add(task);
        task.ContinueWith(t =>
        {
            lock (_lock) _fast.Remove(t);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void RecordFault(string lane, Exception e)
    {
        Interlocked.Increment(ref _faults);
        lock (_lock) _lastFault = $"{time.GetUtcNow():O} lane {lane}: {e.GetType().Name}: {e.Message}";
        LogLaneFaulted(logger, lane, e);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "message {TxnId} not delivered yet, will retry: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string txnId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "message {TxnId} delivered after {Failures} failed attempts")]
    private static partial void LogDeliveredLate(ILogger logger, string txnId, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "message {TxnId} refused by the homeserver, kept in outbox/failed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string txnId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "message {TxnId} could not be made durable and is dropped unless already delivered: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string txnId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "message {TxnId}: the file of a message the disk could not flush could not be removed either: {Reason}")]
    private static partial void LogUnsavedLeft(ILogger logger, string txnId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "outbox lane {Lane} failed unexpectedly; restarting it, its messages stay queued")]
    private static partial void LogLaneFaulted(ILogger logger, string lane, Exception exception);
}
