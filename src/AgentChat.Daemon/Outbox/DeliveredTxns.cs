namespace AgentChat.Daemon.Outbox;

/// <summary>
/// The transaction ids this daemon delivered lately, with where they landed: a client's late retry of one (its first
/// answer lost) hears the event that is in the room, without the disk, so a failing disk never answers 507 "not sent"
/// for a message that was. Bounded: the oldest are forgotten first, and a retry older than that is a new PUT under the
/// same transaction id, which the homeserver answers with the first event. Not thread-safe: the sender locks.
/// </summary>
internal sealed class DeliveredTxns(int capacity = DeliveredTxns.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly Dictionary<string, (OutboxEntry Entry, SendOutcome.Delivered Outcome)> _byTxn = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(OutboxEntry entry, SendOutcome.Delivered outcome)
    {
        if (!_byTxn.TryAdd(entry.TxnId, (entry with { Content = default }, outcome))) return;
        _order.Enqueue(entry.TxnId);
        while (_order.Count > capacity) _byTxn.Remove(_order.Dequeue());
    }

    /// <summary>A request for a delivered transaction id, answered at once with its event; null when not known.</summary>
    public PendingSend? Answer(string txnId)
    {
        if (!_byTxn.TryGetValue(txnId, out var done)) return null;
        var pending = new PendingSend(done.Entry, "delivered") { State = PendingState.Done, Attempted = true };
        pending.Complete(done.Outcome);
        return pending;
    }
}
