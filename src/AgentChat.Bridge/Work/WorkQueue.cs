namespace AgentChat.Bridge.Work;

/// <summary>
/// The messages waiting for an answer, in arrival order, handed out at most <c>concurrency</c> at a time, and never
/// two of one thread at once (a follow-up resumes the session its predecessor leaves). Each message is taken once:
/// enqueuing an id seen before does nothing. No I/O; thread-safe; <see cref="Changed"/> fires outside the lock.
/// </summary>
internal sealed class WorkQueue(int concurrency, int rememberIds = 50_000)
{
    private readonly Lock _lock = new();
    private readonly List<WorkItem> _pending = [];
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Queue<string> _knownOrder = new();
    private TaskCompletionSource _changed = NewSignal();

    public int Pending { get { lock (_lock) return _pending.Count; } }
    public int Running { get { lock (_lock) return _running.Count; } }

    /// <summary>Completes at the next enqueue or completion; take it before trying to take work.</summary>
    public Task Changed { get { lock (_lock) return _changed.Task; } }

    public bool Enqueue(WorkItem item)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (!_known.Add(item.Id)) return false;
            _knownOrder.Enqueue(item.Id);
            if (_knownOrder.Count > rememberIds) _known.Remove(_knownOrder.Dequeue());
            _pending.Add(item);
            signal = Swap();
        }
        signal.TrySetResult();
        return true;
    }

    /// <summary>The oldest item whose thread is not being answered, when a slot is free; else null.</summary>
    public WorkItem? TryTake()
    {
        lock (_lock)
        {
            if (_running.Count >= concurrency) return null;
            var index = _pending.FindIndex(i => !_running.Contains(i.ThreadKey));
            if (index < 0) return null;
            var item = _pending[index];
            _pending.RemoveAt(index);
            _running.Add(item.ThreadKey);
            return item;
        }
    }

    public void Complete(WorkItem item)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _running.Remove(item.ThreadKey);
            signal = Swap();
        }
        signal.TrySetResult();
    }

    /// <summary>A thread the bridge has taken on (waiting or running): a post there is addressed to it before it answers.</summary>
    public bool Holds(string thread)
    {
        lock (_lock) return _running.Contains(thread) || _pending.Exists(i => i.ThreadKey == thread);
    }

    private TaskCompletionSource Swap()
    {
        var old = _changed;
        _changed = NewSignal();
        return old;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
