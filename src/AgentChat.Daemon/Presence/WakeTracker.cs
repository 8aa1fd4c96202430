using AgentChat.Registry;

namespace AgentChat.Daemon.Presence;

/// <summary>
/// How a new message can reach this agent now, from what the gateway sees attached: <c>channel</c> while an
/// <c>/events?wake=channel</c> stream is open (<c>cchat mcp</c> as a Claude Code channel), <c>hook</c> when a
/// <c>/hooks/…</c> path was called within <see cref="DaemonOptions.HookWindow"/> (Claude Code hooks), else
/// <c>none</c>. Observed by <see cref="WakeObserver"/>.
/// </summary>
internal sealed class WakeTracker(PresenceSignal signal, DaemonOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _channels;
    private DateTimeOffset? _lastHook;

    public int OpenChannels { get { lock (_lock) return _channels; } }

    public string Wakeable(DateTimeOffset now)
    {
        lock (_lock) return _channels > 0 ? PresenceRules.Channel : HookFresh(now) ? PresenceRules.Hook : PresenceRules.None;
    }

    /// <summary>When <c>hook</c> lapses by itself (no further hook call), or null when it is not in force.</summary>
    public DateTimeOffset? HookLapsesAt(DateTimeOffset now)
    {
        lock (_lock) return HookFresh(now) ? _lastHook + options.HookWindow : null;
    }

    /// <summary>A channel stream opened; dispose the result when it closes.</summary>
    public IDisposable ChannelOpened()
    {
        bool first;
        lock (_lock) first = ++_channels == 1;
        if (first) signal.Fire();
        return new Closer(this);
    }

    public void HookCalled()
    {
        var now = time.GetUtcNow();
        bool lapsed;
        lock (_lock)
        {
            lapsed = !HookFresh(now);
            _lastHook = now;
        }
        if (lapsed) signal.Fire();
    }

    private bool HookFresh(DateTimeOffset now) => _lastHook is { } last && now - last < options.HookWindow;

    private void ChannelClosed()
    {
        bool last;
        lock (_lock) last = --_channels == 0;
        if (last) signal.Fire();
    }

    private sealed class Closer(WakeTracker tracker) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0) tracker.ChannelClosed();
        }
    }
}
