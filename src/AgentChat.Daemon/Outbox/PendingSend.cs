namespace AgentChat.Daemon.Outbox;

/// <summary>An outbox entry in memory, with what the waiting /send request learns of it.</summary>
internal sealed class PendingSend(OutboxEntry entry, string lane)
{
    // Completed outside any lock: the waiting request goes on on the same thread, with no hop through the pool.
    private readonly TaskCompletionSource<SendOutcome> _outcome = new();
    private readonly TaskCompletionSource _queued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutboxEntry Entry => entry;

    /// <summary>The destination's lane: one per room id (or per DM partner).</summary>
    public string Lane => lane;

    public Task<SendOutcome> Outcome => _outcome.Task;

    /// <summary>
    /// Completes when the message will not be in the room within the request's wait (an attempt failed, or the
    /// wait ran out): /send answers 202 queued.
    /// </summary>
    public Task Queued => _queued.Task;

    /// <summary>True once the entry is durable on disk; false when the disk refused it.</summary>
    public Task<bool> Saved { get; set; } = Task.FromResult(true);

    /// <summary>Who moves it on; read and written under the sender's lock.</summary>
    internal PendingState State { get; set; }

    /// <summary>A first attempt still running when the lane took the message over: the lane awaits it rather than sending again.</summary>
    internal Task<AttemptResult>? Adopted { get; set; }

    internal ITimer? WaitTimer { get; set; }

    /// <summary>A PUT went out for it (so it may be in the room); read and written under the sender's lock.</summary>
    internal bool Attempted { get; set; }

    /// <summary>When /send accepted it (<see cref="TimeProvider.GetTimestamp"/>); 0 for a message replayed from disk after a restart.</summary>
    internal long AcceptedAt { get; init; }

    public void Complete(SendOutcome outcome)
    {
        WaitTimer?.Dispose();
        _outcome.TrySetResult(outcome);
    }

    public void MarkQueued() => _queued.TrySetResult();
}
