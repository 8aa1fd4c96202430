using AgentChat.Gateway;

namespace AgentChat.Hosting.Sync;

/// <summary>What the sync loop last saw, for /health and /status. Thread-safe.</summary>
public sealed class SyncHealth(TimeProvider time)
{
    private readonly Lock _lock = new();
    private bool _connected;
    private long? _lastSyncMs;
    private int _failures;
    private TimeSpan _backoff;
    private string? _lastError;
    private string? _blocker;
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    private long _skippedCount;
    private TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _unreachable;

    /// <summary>Completes the next time a sync succeeds after failing: the homeserver is back.</summary>
    public Task Recovered { get { lock (_lock) return _recovered.Task; } }

    public void Succeeded()
    {
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            if (_failures > 0)
            {
                wake = _recovered;
                _recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            _connected = true;
            _unreachable = false;
            _lastSyncMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            _failures = 0;
            _backoff = TimeSpan.Zero;
            _lastError = null;
            _blocker = null;
        }
        wake?.TrySetResult();
    }

    /// <summary>
    /// True after a sync could not reach the homeserver at all (no HTTP answer), until a sync, a send or a
    /// heartbeat gets through again: <c>/send</c> then queues at once instead of waiting on it.
    /// </summary>
    public bool Unreachable { get { lock (_lock) return _unreachable; } }

    /// <summary>Completes the next time anything (a send, a heartbeat) gets through to the homeserver: sync stops backing off.</summary>
    public Task ReachedSignal { get { lock (_lock) return _reached.Task; } }

    /// <summary>Something other than sync got an answer from the homeserver: it is reachable again.</summary>
    public void Reached()
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            _unreachable = false;
            if (_failures == 0) return;
            wake = _reached;
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    /// <summary>
    /// Records a failure; <paramref name="blocker"/> is what an operator must do, when it is that kind of failure;
    /// <paramref name="unreachable"/> when no HTTP answer came at all.
    /// </summary>
    public int Failed(string error, TimeSpan backoff, string? blocker = null, bool unreachable = false)
    {
        lock (_lock)
        {
            _connected = false;
            _unreachable = unreachable;
            _lastError = error;
            _backoff = backoff;
            _blocker = blocker;
            return ++_failures;
        }
    }

    /// <summary>Counts an event that could not be read; true the first time it is seen, so it is logged once.</summary>
    public bool Skipped(string eventId)
    {
        lock (_lock)
        {
            if (_skipped.Count >= 10_000) _skipped.Clear(); // bounded: a flood of bad events must not grow memory
            if (!_skipped.Add(eventId)) return false;
            _skippedCount++;
            return true;
        }
    }

    public long SkippedEvents { get { lock (_lock) return _skippedCount; } }

    public bool IsHealthy { get { lock (_lock) return _connected; } }

    public string Reason
    {
        get
        {
            lock (_lock)
            {
                if (_connected) return "syncing";
                if (_blocker is not null) return _blocker;
                return _lastError is null ? "starting: first sync not done yet" : $"not syncing: {_lastError} (retrying in {_backoff.TotalSeconds:0.#} s)";
            }
        }
    }

    public SyncStatus Snapshot()
    {
        lock (_lock) return new SyncStatus(_connected, _lastSyncMs, _failures, _backoff.TotalSeconds, _blocker ?? _lastError);
    }
}
