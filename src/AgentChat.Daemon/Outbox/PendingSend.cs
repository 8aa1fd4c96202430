namespace AgentChat.Daemon.Outbox;

/// <summary>An outbox entry in memory, with what the waiting /send request learns of it.</summary>
internal sealed class PendingSend(OutboxEntry entry)
{
    private readonly TaskCompletionSource<SendOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAttemptFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutboxEntry Entry => entry;

    public Task<SendOutcome> Outcome => _outcome.Task;

    /// <summary>Completes when the homeserver could not be reached on the first try: /send answers 202 queued.</summary>
    public Task FirstAttemptFailed => _firstAttemptFailed.Task;

    public void Complete(SendOutcome outcome) => _outcome.TrySetResult(outcome);

    public void AttemptFailed() => _firstAttemptFailed.TrySetResult();
}
