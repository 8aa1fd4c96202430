using System.Text.Json;
using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tasks;

namespace AgentChat.Daemon.Decisions;

/// <summary>
/// What the sync brings that matters to decisions, fed by the timeline processor with every batch: an event relating to a
/// poll wakes whoever waits on that poll (a <c>GET /decisions/{id}/wait</c>), and a poll of this agent's, an answer to one
/// the <see cref="DecisionKeeper"/> tracks, or a task move naming a decision wakes the keeper. Nothing here reads the homeserver.
/// </summary>
internal sealed class DecisionSignals(DaemonIdentity identity)
{
    private const int MaxTracked = 1000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TaskCompletionSource>> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RoomId Room, long? ExpiresAt)> _own = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tracked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _companions = new(StringComparer.Ordinal);
    private bool _rescan = true;
    private TaskCompletionSource _changed = NewSignal();

    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Observe(RoomId room, IEnumerable<MatrixEvent> events)
    {
        List<TaskCompletionSource>? wake = null;
        var changed = false;
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Type == EventTypes.PollStart && e.Sender == identity.UserId && DecisionPoll.Read(e with { RoomId = room }) is { } poll)
                {
                    if (_own.Count < MaxTracked) _own[poll.Id] = (room, poll.ExpiresAt);
                    changed = true;
                }
                else if (DecisionCompanion.PollOf(e) is { } companionOf && e.EventId?.Value is { Length: > 0 } line)
                {
                    if (_companions.Count >= MaxTracked * 4) _companions.Clear();
                    _companions[line] = companionOf;
                }
                else if (IsAnswerLike(e.Type) && DecisionLedger.Relation(e).Target is { } target)
                {
                    if (_waiters.Remove(target, out var list)) (wake ??= []).AddRange(list);
                    var answered = _companions.GetValueOrDefault(target) ?? target; // a reaction on a poll's text line is one on the poll
                    if (_own.ContainsKey(answered) || _tracked.Contains(answered))
                    {
                        _dirty.Add(answered);
                        changed = true;
                    }
                }
                else if (e.Type == EventTypes.RoomMessage && NamesDecision(e))
                {
                    changed = _rescan = true;
                }
            }
        }
        foreach (var w in wake ?? []) w.TrySetResult();
        if (changed) Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    /// <summary>Completes at the next event relating to one of <paramref name="ids"/> (a poll, its text line) that the sync brings after this call.</summary>
    public Task NextAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var signal = NewSignal();
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (!_waiters.TryGetValue(id, out var list)) _waiters[id] = list = [];
                list.Add(signal);
            }
        }
        ct.Register(() =>
        {
            lock (_lock)
                foreach (var id in ids)
                    if (_waiters.TryGetValue(id, out var list) && list.Remove(signal) && list.Count == 0) _waiters.Remove(id);
            signal.TrySetCanceled(ct);
        });
        return signal.Task;
    }

    /// <summary>The room of a poll this daemon has seen this agent post.</summary>
    public RoomId? RoomOf(string pollId)
    {
        lock (_lock) return _own.TryGetValue(pollId, out var own) ? own.Room : null;
    }

    /// <summary>The decisions the keeper watches for answers (those tasks are blocked on).</summary>
    public void Track(IEnumerable<string> decisionIds)
    {
        lock (_lock)
        {
            _tracked.Clear();
            foreach (var id in decisionIds.Take(MaxTracked)) _tracked.Add(id);
        }
    }

    /// <summary>What changed since the last take: polls with new answers, and whether a task move named a decision.</summary>
    public (IReadOnlySet<string> Dirty, bool Rescan, IReadOnlyDictionary<string, (RoomId Room, long? ExpiresAt)> Own) Take()
    {
        lock (_lock)
        {
            var taken = (new HashSet<string>(_dirty, StringComparer.Ordinal), _rescan, new Dictionary<string, (RoomId, long?)>(_own, StringComparer.Ordinal));
            _dirty.Clear();
            _rescan = false;
            return taken;
        }
    }

    /// <summary>A poll of ours that is settled (closed, or decided and closed): no longer tracked.</summary>
    public void Forget(string pollId)
    {
        lock (_lock) _own.Remove(pollId);
    }

    private static bool IsAnswerLike(string type) =>
        type is EventTypes.PollResponse or EventTypes.UnstablePollResponse or EventTypes.PollEnd or EventTypes.UnstablePollEnd or EventTypes.Reaction;

    private static bool NamesDecision(MatrixEvent e) =>
        e.Content.ValueKind == JsonValueKind.Object && e.Content.TryGetProperty(MessageComposer.MetaKey, out var meta) && meta.ValueKind == JsonValueKind.Object
        && meta.TryGetProperty(TaskMeta.Key, out var task) && task.ValueKind == JsonValueKind.Object && task.TryGetProperty(DecisionTaskLink.Field, out _);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
