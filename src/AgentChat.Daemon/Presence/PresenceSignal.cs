namespace AgentChat.Daemon.Presence;

/// <summary>Completes <see cref="Changed"/> when something others should hear of may have changed; take it before looking.</summary>
internal sealed class PresenceSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();

    public Task Changed { get { lock (_lock) return _changed.Task; } }

    public void Fire()
    {
        TaskCompletionSource fired;
        lock (_lock)
        {
            fired = _changed;
            _changed = NewSignal();
        }
        fired.TrySetResult(); // outside the lock: continuations run asynchronously anyway
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
