using AgentChat.Messages;

namespace AgentChat.LoopGuard;

/// <summary>
/// How many automated messages answering another agent (<see cref="AnswerBook"/>) each agent has sent per room or
/// thread since the last human message there; a message answering nobody is not counted.
/// A human message resets its own scope (the thread it is in, else the room's main timeline); a human's
/// <c>!agentchat resume</c> in the main timeline resets the room and all its threads. <c>m.notice</c> never
/// counts and never resets. Senders are bound by <see cref="SenderDirectory"/>: <c>human</c> is the registry's
/// word, never the message's. Not thread-safe: the caller holds a lock.
/// </summary>
public sealed class LoopBudget(int budget)
{
    public const int DefaultBudget = 20;
    public const string ResumeCommand = "!agentchat resume";
    private const int MaxCounted = 20_000;
    public const int MaxScopes = 10_000;

    private readonly Dictionary<LoopScope, Dictionary<string, int>> _counts = [];
    private readonly Dictionary<LoopScope, long> _touched = [];
    private long _clock;
    private readonly HashSet<LoopScope> _noticed = [];
    private readonly HashSet<string> _counted = new(StringComparer.Ordinal);
    private readonly Queue<string> _countedAge = new();
    private readonly Dictionary<(LoopScope, string), int> _reserved = [];

    public int Budget => budget;

    /// <param name="answers">Whether the message answers another agent (<see cref="AnswerBook.Observe"/>): only then it counts.</param>
    public void Observe(Observed observed, bool answers)
    {
        var m = observed.Message;
        var scope = LoopScope.Of(m.RoomId, m.Thread);
        if (observed.Notice)
        {
            if (observed.NoticeTag == Observed.LoopGuardNotice && _noticed.Add(scope)) Touch(scope);
            return;
        }
        if (m.Human)
        {
            if (m.Thread is null && IsResume(m.Text)) ResetRoom(m.RoomId);
            else Reset(scope);
            return;
        }
        if (answers) Count(m.EventId, scope, m.Sender);
    }

    /// <summary>Counts one automated message (once per event id, however often it is seen).</summary>
    public void Count(string eventId, LoopScope scope, string sender)
    {
        if (!_counted.Add(eventId)) return;
        _countedAge.Enqueue(eventId);
        if (_countedAge.Count > MaxCounted) _counted.Remove(_countedAge.Dequeue());
        if (!_counts.TryGetValue(scope, out var bySender)) _counts[scope] = bySender = new Dictionary<string, int>(StringComparer.Ordinal);
        bySender[sender] = bySender.GetValueOrDefault(sender) + 1;
        Touch(scope);
    }

    /// <summary>How many rooms and threads are remembered (counts or a notice): never more than <see cref="MaxScopes"/>.</summary>
    public int ScopeCount => _touched.Count;

    public int Used(LoopScope scope, string sender) => _counts.TryGetValue(scope, out var s) ? s.GetValueOrDefault(sender) : 0;

    /// <summary>Whether <paramref name="sender"/> may send one more automated message in <paramref name="scope"/> (sends in flight included).</summary>
    public bool Allows(LoopScope scope, string sender) => Used(scope, sender) + _reserved.GetValueOrDefault((scope, sender)) < budget;

    /// <summary>
    /// Takes one slot for a send in flight if the budget allows it: concurrent sends cannot overrun the budget.
    /// The caller gives it back with <see cref="Release"/> once the send was counted or failed.
    /// </summary>
    public bool TryReserve(LoopScope scope, string sender)
    {
        if (!Allows(scope, sender)) return false;
        _reserved[(scope, sender)] = _reserved.GetValueOrDefault((scope, sender)) + 1;
        return true;
    }

    public void Release(LoopScope scope, string sender)
    {
        var n = _reserved.GetValueOrDefault((scope, sender)) - 1;
        if (n > 0) _reserved[(scope, sender)] = n;
        else _reserved.Remove((scope, sender));
    }

    /// <summary>The scopes where <paramref name="sender"/> has counted messages now, most used first.</summary>
    public IReadOnlyList<(LoopScope Scope, int Used)> Active(string sender) =>
        _counts.Select(p => (p.Key, p.Value.GetValueOrDefault(sender))).Where(p => p.Item2 > 0)
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Key.RoomId, StringComparer.Ordinal).ToList();

    /// <summary>True once per stop: the caller posts the one notice telling the humans; a reset allows the next.</summary>
    public bool ClaimNotice(LoopScope scope)
    {
        if (!_noticed.Add(scope)) return false;
        Touch(scope);
        return true;
    }

    /// <summary>Marks the scope used now; past <see cref="MaxScopes"/>, the least recently used one is forgotten (its count starts again).</summary>
    private void Touch(LoopScope scope)
    {
        _touched[scope] = ++_clock;
        if (_touched.Count <= MaxScopes) return;
        var oldest = _touched.MinBy(p => p.Value).Key;
        _touched.Remove(oldest);
        _counts.Remove(oldest);
        _noticed.Remove(oldest);
    }

    public static bool IsResume(string text) => text.Trim().Equals(ResumeCommand, StringComparison.OrdinalIgnoreCase);

    private void Reset(LoopScope scope)
    {
        _counts.Remove(scope);
        _noticed.Remove(scope);
        _touched.Remove(scope);
    }

    private void ResetRoom(string roomId)
    {
        foreach (var scope in _counts.Keys.Where(s => s.RoomId == roomId).ToList()) _counts.Remove(scope);
        _noticed.RemoveWhere(s => s.RoomId == roomId);
        foreach (var scope in _touched.Keys.Where(s => s.RoomId == roomId).ToList()) _touched.Remove(scope);
    }
}
