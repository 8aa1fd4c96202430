namespace AgentChat.Archive.Service;

/// <summary>
/// The archive's counters, for <c>/metrics</c>: thread-safe reads of what the ingest loop last did.
/// Lag is how far the newest archived message trails its sending (now minus its origin timestamp at write time).
/// </summary>
public sealed class ArchiveStats(TimeProvider time)
{
    private long _messagesWritten;
    private long _registryEventsWritten;
    private long _receiptsWritten;
    private long _syncReconnects;
    private long _syncFailures;
    private long _skippedEvents;
    private long _lastWriteMs;
    private long _lastSyncMs;
    private long _lagMs;

    /// <summary>Messages inserted (duplicates that were already archived are not counted).</summary>
    public long MessagesWritten => Interlocked.Read(ref _messagesWritten);
    public long RegistryEventsWritten => Interlocked.Read(ref _registryEventsWritten);
    public long ReceiptsWritten => Interlocked.Read(ref _receiptsWritten);
    /// <summary>Times the sync came back after failing.</summary>
    public long SyncReconnects => Interlocked.Read(ref _syncReconnects);
    /// <summary>Failed sync or write attempts (each is retried).</summary>
    public long SyncFailures => Interlocked.Read(ref _syncFailures);
    /// <summary>Events that could not be read at all, passed over.</summary>
    public long SkippedEvents => Interlocked.Read(ref _skippedEvents);
    /// <summary>Unix ms of the last committed batch that wrote anything; 0 before the first.</summary>
    public long LastWriteMs => Interlocked.Read(ref _lastWriteMs);
    /// <summary>Unix ms of the last successful sync; 0 before the first.</summary>
    public long LastSyncMs => Interlocked.Read(ref _lastSyncMs);
    /// <summary>Milliseconds between the newest message of the last write and that write; 0 before the first.</summary>
    public long LagMs => Interlocked.Read(ref _lagMs);

    internal void Wrote(int messages, int registryEvents, int receipts, long newestMessageTs)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Interlocked.Add(ref _messagesWritten, messages);
        Interlocked.Add(ref _registryEventsWritten, registryEvents);
        Interlocked.Add(ref _receiptsWritten, receipts);
        if (messages + registryEvents + receipts > 0) Interlocked.Exchange(ref _lastWriteMs, now);
        if (messages > 0 && newestMessageTs > 0) Interlocked.Exchange(ref _lagMs, Math.Max(0, now - newestMessageTs));
    }

    internal void Synced(bool afterFailure)
    {
        Interlocked.Exchange(ref _lastSyncMs, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (afterFailure) Interlocked.Increment(ref _syncReconnects);
    }

    internal void Failed() => Interlocked.Increment(ref _syncFailures);

    internal void Skipped() => Interlocked.Increment(ref _skippedEvents);
}
