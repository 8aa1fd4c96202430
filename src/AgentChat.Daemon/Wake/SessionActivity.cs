namespace AgentChat.Daemon.Wake;

/// <summary>
/// What this daemon knows of the Claude Code session it serves: busy (a prompt was submitted, or a stop was
/// blocked with messages) or idle (a stop went through), and which wake mechanism is attached (a channel's
/// <c>/events?wake=channel</c> stream, or hooks calling <c>/hooks/</c>). Presence reads it from here.
/// </summary>
internal sealed class SessionActivity(TimeProvider time)
{
    /// <summary>A session whose hooks called within this time counts as hook-wakeable.</summary>
    public static readonly TimeSpan HookFreshness = TimeSpan.FromHours(1);

    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _channels;
    private DateTimeOffset? _lastHook;

    public const string Channel = "channel";
    public const string Hook = "hook";
    public const string None = "none";

    public bool Busy { get; private set; }

    /// <summary>What the session is busy on (the hook that said so), null when idle.</summary>
    public string? BusyOn { get; private set; }

    public DateTimeOffset? Since { get; private set; }

    /// <summary>Stops blocked one after the other in this turn (the stop hook's loop guard).</summary>
    public int BlocksInARow { get; set; }

    /// <summary>Completes on the next change of <see cref="Busy"/>; take it before reading.</summary>
    public Task Changed { get { lock (_lock) return _changed.Task; } }

    public string Wakeable
    {
        get
        {
            lock (_lock)
            {
                if (_channels > 0) return Channel;
                return _lastHook is { } at && time.GetUtcNow() - at <= HookFreshness ? Hook : None;
            }
        }
    }

    public void SetBusy(string on) => Set(true, on);

    public void SetIdle() => Set(false, null);

    public void HookCalled() { lock (_lock) _lastHook = time.GetUtcNow(); }

    /// <summary>A channel stream is open until the returned handle is disposed.</summary>
    public IDisposable AttachChannel()
    {
        lock (_lock) _channels++;
        return new Detach(this);
    }

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
            Busy = busy;
            BusyOn = on;
        }
        wake?.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Detach(SessionActivity owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) lock (owner._lock) owner._channels--;
        }
    }
}
