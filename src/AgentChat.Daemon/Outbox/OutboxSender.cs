using System.Text.Json;
using AgentChat.Daemon.Metrics;
using AgentChat.Hosting.Sync;
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
    MatrixClient client, OutboxStore store, RoomResolver resolver, SyncHealth health, DaemonOptions options, DaemonMetrics metrics, TimeProvider time,
    ILogger<OutboxSender> logger)
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
    private readonly DeliveredTxns _delivered = new();
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
    /// transaction id while still pending joins the first message instead of making a second, and once delivered lately
    /// answers with its event (<see cref="DeliveredTxns"/>). Its request waits
    /// <paramref name="wait"/> for the homeserver, and not at all (queued at once, sent by the lane) when that is
    /// zero or the lane holds a message that could not go out: nothing waits behind a message that cannot be sent.
    /// </summary>
    public PendingSend Accept(string txnId, string? target, string? directTo, byte[] content) =>
        Accept(txnId, target, directTo, content, options.SendWait);

    /// <inheritdoc cref="Accept(string, string?, string?, byte[])"/>
    public PendingSend Accept(string txnId, string? target, string? directTo, byte[] content, TimeSpan wait)
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
            if (_delivered.Answer(txnId) is { } done) return done; // a late retry: in the room already, whatever the disk says

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
            pending = new PendingSend(entry, lane.Key) { Saved = Task.Run(() => Commit(file, entry)), AcceptedAt = time.GetTimestamp() };
            _byTxn[txnId] = pending;
            var queueNow = wait <= TimeSpan.Zero || lane.IsBlocked;
            if (lane.IsClear && !queueNow)
            {
                pending.State = PendingState.Fast;
                pending.Attempted = true;
                lane.InFlight++;
                // Created here so the lane can adopt it at any moment; started below on this thread, outside the lock.
                attempt = new Task<Task<AttemptResult>>(() => AttemptAsync(entry, _stop.Token));
                pending.Adopted = fast = attempt.Unwrap();
            }
            else
            {
                Enqueue(lane, pending);
            }
            if (queueNow)
            {
                pending.MarkQueued();
            }
            else
            {
                pending.WaitTimer = time.CreateTimer(static state =>
                {
                    var (sender, p) = ((OutboxSender, PendingSend))state!;
                    sender.OnWaitOver(p);
                }, (this, pending), wait, Timeout.InfiniteTimeSpan);
            }
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
        else if (RoomOf(entry.Target!) is { } roomId)
        {
            key = "room:" + roomId;
            // A lane opened under an alias before its room was known may still hold older messages for this room.
            foreach (var (laneKey, older) in _lanes)
            {
                if (laneKey.StartsWith("alias:", StringComparison.Ordinal) && !older.IsIdle && RoomOf(laneKey["alias:".Length..]) == roomId) key = older.Key;
            }
        }
        else
        {
            key = "alias:" + entry.Target;
        }
        if (!_lanes.TryGetValue(key, out var lane)) _lanes[key] = lane = new OutboxLane(key);
        return lane;
    }

    /// <summary>The room id a target names, as far as this outbox or the gateway's lookups already know it.</summary>
    private string? RoomOf(string target) =>
        target.StartsWith('!') ? target : _aliases.GetValueOrDefault(target) ?? resolver.Cached(target)?.Value;

    /// <summary>Under the lock: the message waits its turn, and the lane has a worker.</summary>
    private void Enqueue(OutboxLane lane, PendingSend pending)
    {
        pending.State = PendingState.Queued;
        lane.Waiting[pending.Entry.Seq] = pending;
        lane.Worker ??= Task.Run(() => SuperviseAsync(lane));
    }
}
