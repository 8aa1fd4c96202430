using AgentChat.Registry;

namespace AgentChat.Daemon.Presence;

/// <summary>
/// This daemon's presence: busy (said through <c>POST /presence</c>, lapsing after
/// <see cref="DaemonOptions.BusyExpiry"/> unless said again), how it can be woken (<see cref="WakeTracker"/>),
/// and the last message its sessions consumed. The heartbeat writes it into the registry entry.
/// </summary>
internal sealed class PresenceState(WakeTracker wake, PresenceSignal signal, DaemonOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private bool _busy;
    private string? _on;
    private DateTimeOffset _busyUntil;
    private string? _cursor;
    private long _cursorPosition;
    private long? _cursorAt;

    /// <summary>Completes when busy or wakeable may have changed.</summary>
    public Task Changed => signal.Changed;

    /// <summary>Busy on <paramref name="on"/> (cleaned to one short line), or idle; busy lapses by itself after the expiry.</summary>
    public void SetBusy(bool busy, string? on)
    {
        lock (_lock)
        {
            _busy = busy;
            _on = busy ? PresenceRules.Clean(on) : null;
            _busyUntil = busy ? time.GetUtcNow() + options.BusyExpiry : default;
        }
        signal.Fire();
    }

    /// <summary>
    /// A session consumed up to <paramref name="eventId"/>. <paramref name="bufferCursor"/> orders it: a message
    /// in the buffer (cursor > 0) is newer than any from history (0), so reads across rooms keep the newest.
    /// </summary>
    public void Consumed(string eventId, long bufferCursor)
    {
        lock (_lock)
        {
            if (_cursor is not null && bufferCursor < _cursorPosition) return;
            _cursor = eventId;
            _cursorPosition = bufferCursor;
            _cursorAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        }
    }

    /// <summary>At start: the read marker Matrix holds, when no session has read through this daemon yet.</summary>
    public void ConsumedBefore(string eventId, long bufferCursor)
    {
        lock (_lock)
        {
            if (_cursor is not null && (_cursorAt is not null || bufferCursor < _cursorPosition)) return;
            _cursor = eventId;
            _cursorPosition = bufferCursor;
        }
    }

    /// <summary>Whether busy still holds: said and not lapsed (the one place busy lapses).</summary>
    public bool Busy
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_lock) return _busy && now < _busyUntil;
        }
    }

    public SelfPresence Snapshot()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var busy = _busy && now < _busyUntil;
            return new SelfPresence(busy, busy ? _on : null, busy ? _busyUntil.ToUnixTimeMilliseconds() : null, wake.Wakeable(now), _cursor, _cursorAt);
        }
    }

    /// <summary>The next time the snapshot changes by itself (busy lapses, a hook call ages out), or null.</summary>
    public DateTimeOffset? NextLapse()
    {
        var now = time.GetUtcNow();
        DateTimeOffset? busyLapse;
        lock (_lock) busyLapse = _busy && now < _busyUntil ? _busyUntil : null;
        var hookLapse = wake.HookLapsesAt(now);
        return busyLapse is { } b && hookLapse is { } h ? (b < h ? b : h) : busyLapse ?? hookLapse;
    }
}
