using System.Text;
using System.Text.Json;
using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Sync;
using AgentChat.Matrix;
using AgentChat.Rooms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Outbox;

/// <summary>
/// Delivers the outbox through one lane per destination (room id, or DM partner); the lane is the only way out.
/// A lane with nothing waiting sends a new message at once, beside the fsync and beside other such sends. Once
/// anything waits (a failure, a send that outlived the request's wait, a restart's replay) the lane sends one
/// message at a time, lowest sequence first, retried with backoff under the same transaction id, so a failed
/// message is never overtaken by one accepted after it. Permanent refusals stay in <c>outbox/failed/</c>.
/// </summary>
internal sealed partial class OutboxSender(
    MatrixClient client, OutboxStore store, RoomResolver resolver, SyncHealth health, DaemonOptions options, TimeProvider time, ILogger<OutboxSender> logger)
    : IHostedService, IDisposable
{
    /// <summary>Accepted messages are waiting: retry more often than the sync loop, and at once when it reconnects.</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxFaultWait = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingSend> _byTxn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutboxLane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _fast = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _loaded;
    private int _faults;
    private string? _lastFault;

    /// <summary>Messages accepted and not yet in the room.</summary>
    public int Depth
    {
        get { lock (_lock) return _byTxn.Count; }
    }

    /// <summary>How often a lane failed unexpectedly and was restarted since the daemon started.</summary>
    public int LaneFaults => Volatile.Read(ref _faults);

    public string? LastFault
    {
        get { lock (_lock) return _lastFault; }
    }

    /// <summary>
    /// Accepts a message: written to disk before this returns (<see cref="OutboxSaveException"/> when the disk
    /// refuses it, with nothing sent and nothing pending) and made durable beside its first send. The same
    /// transaction id while still pending joins the first message instead of making a second.
    /// </summary>
    public PendingSend Accept(string txnId, string? target, string? directTo, byte[] content)
    {
        PendingSend pending;
        Task<Task<AttemptResult>>? attempt = null;
        Task<AttemptResult>? fast = null;
        lock (_lock)
        {
            try
            {
                LoadOnce();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutboxSaveException($"the outbox cannot be read ({e.Message})", e);
            }
            if (_byTxn.TryGetValue(txnId, out var existing)) return existing;

            using var document = JsonDocument.Parse(content);
            var entry = new OutboxEntry(store.NextSeq(), txnId, target, directTo, document.RootElement.Clone(), time.GetUtcNow().ToUnixTimeMilliseconds());
            OutboxFile file;
            try
            {
                file = store.Write(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutboxSaveException($"the outbox could not store the message ({e.Message})", e);
            }

            var lane = LaneFor(entry);
            pending = new PendingSend(entry, lane.Key) { Saved = Task.Run(() => Commit(file, entry)) };
            _byTxn[txnId] = pending;
            if (lane.IsClear)
            {
                pending.State = PendingState.Fast;
                lane.InFlight++;
                // Created here so the lane can adopt it at any moment; started below on this thread, outside the lock.
                attempt = new Task<Task<AttemptResult>>(() => AttemptAsync(entry, _stop.Token));
                pending.Adopted = fast = attempt.Unwrap();
            }
            else
            {
                Enqueue(lane, pending);
            }
            pending.WaitTimer = time.CreateTimer(static state =>
            {
                var (sender, p) = ((OutboxSender, PendingSend))state!;
                sender.OnWaitOver(p);
            }, (this, pending), options.SendWait, Timeout.InfiniteTimeSpan);
        }
        if (attempt is not null && fast is not null)
        {
            attempt.RunSynchronously(TaskScheduler.Default);
            Track(RunFastAsync(pending, fast));
        }
        return pending;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock) LoadOnce();
        return Task.CompletedTask;
    }

    /// <summary>Stops sending; what is not delivered stays on disk and goes out after the restart.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        Task[] running;
        lock (_lock) running = [.. _lanes.Values.Select(l => l.Worker).OfType<Task>(), .. _fast];
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stop.Dispose();

    private void LoadOnce()
    {
        if (_loaded) return;
        foreach (var entry in store.LoadPending())
        {
            var lane = LaneFor(entry);
            var pending = new PendingSend(entry, lane.Key);
            _byTxn.TryAdd(entry.TxnId, pending);
            Enqueue(lane, pending);
        }
        _loaded = true;
    }

    /// <summary>The destination's lane. Under the lock.</summary>
    private OutboxLane LaneFor(OutboxEntry entry)
    {
        string key;
        if (entry.DirectTo is { } other)
        {
            key = "dm:" + other;
        }
        else if ((entry.Target!.StartsWith('!') ? entry.Target : _aliases.GetValueOrDefault(entry.Target)) is { } roomId)
        {
            key = "room:" + roomId;
            // A lane opened under an alias before its room was known may still hold older messages for this room.
            foreach (var (alias, id) in _aliases)
            {
                if (id == roomId && _lanes.TryGetValue("alias:" + alias, out var older) && !older.IsIdle) key = older.Key;
            }
        }
        else
        {
            key = "alias:" + entry.Target;
        }
        if (!_lanes.TryGetValue(key, out var lane)) _lanes[key] = lane = new OutboxLane(key);
        return lane;
    }

    /// <summary>Under the lock: the message waits its turn, and the lane has a worker.</summary>
    private void Enqueue(OutboxLane lane, PendingSend pending)
    {
        pending.State = PendingState.Queued;
        lane.Waiting[pending.Entry.Seq] = pending;
        lane.Worker ??= Task.Run(() => SuperviseAsync(lane));
    }

    /// <summary>The request's wait is over: it answers 202, and a send still running becomes the lane's, so later messages queue behind it.</summary>
    private void OnWaitOver(PendingSend pending)
    {
        lock (_lock)
        {
            if (pending.State == PendingState.Fast)
            {
                _lanes[pending.Lane].InFlight--;
                Enqueue(_lanes[pending.Lane], pending);
            }
            if (pending.State == PendingState.Queued) pending.MarkQueued();
        }
    }

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
            if (result.Outcome is { } outcome) Conclude(pending, outcome, saved);
            else if (!saved) Conclude(pending, NotSaved(), saved: false);
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
            if (markQueued) pending.MarkQueued();
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
            if (!saved)
            {
                Conclude(pending, NotSaved(), saved: false);
                return;
            }
            pending.MarkQueued();
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
            var eventId = await client.SendEventAsync(room, "m.room.message", Encoding.UTF8.GetBytes(entry.Content.GetRawText()), entry.TxnId, ct);
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
        lock (_lock)
        {
            var lane = _lanes[pending.Lane];
            if (pending.State == PendingState.Settling) lane.InFlight--;
            else lane.Waiting.Remove(pending.Entry.Seq);
            pending.State = PendingState.Done;
            if (_byTxn.TryGetValue(pending.Entry.TxnId, out var current) && current == pending) _byTxn.Remove(pending.Entry.TxnId);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "outbox lane {Lane} failed unexpectedly; restarting it, its messages stay queued")]
    private static partial void LogLaneFaulted(ILogger logger, string lane, Exception exception);
}
