namespace AgentChat.Daemon.Wake;

/// <summary>
/// What this daemon knows of the Claude Code session it serves: busy (a prompt was submitted, a stop was
/// blocked with messages, or the session said so through <c>POST /presence</c>) or idle (a stop went through).
/// The channel's stream hears of each change; presence (the registry entry) is told too. Which wake mechanism
/// is attached is <see cref="Presence.WakeTracker"/>'s.
/// </summary>
internal sealed class SessionActivity(TimeProvider time, Presence.PresenceState presence)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();

    public const string Channel = "channel";

    private bool _busy;
    private string? _busyOn;

    /// <summary>Busy as said here, until presence's busy lapses (<see cref="Hosting.DaemonOptions.BusyExpiry"/>).</summary>
    public bool Busy => _busy && presence.Busy;

    /// <summary>What the session is busy on (the hook that said so), null when idle.</summary>
    public string? BusyOn => Busy ? _busyOn : null;

    public DateTimeOffset? Since { get; private set; }

    /// <summary>Stops blocked one after the other in this turn (the stop hook's loop guard).</summary>
    public int BlocksInARow { get; set; }

    /// <summary>Completes on the next change of <see cref="Busy"/>; take it before reading.</summary>
    public Task Changed { get { lock (_lock) return _changed.Task; } }

    public void SetBusy(string on) => Set(true, on);

    public void SetIdle() => Set(false, null);

    private void Set(bool busy, string? on)
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            if (Busy != busy)
            {
                wake = _changed;
                _changed = NewSignal();
                Since = time.GetUtcNow();
            }
            _busy = busy;
            _busyOn = on;
        }
        presence.SetBusy(busy, on);
        wake?.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
