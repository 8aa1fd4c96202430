namespace AgentChat.Daemon.Outbox;

// When a request stops waiting: queued at once behind a blocked lane, at the end of its wait, or withdrawn when the disk refused it.
internal sealed partial class OutboxSender
{
    /// <summary>
    /// The disk refused a message before any PUT went out for it: it leaves its lane and memory, nothing was sent,
    /// and its request answers 507. False once a PUT went out: it might land, so the message stays and is retried
    /// under its transaction id until the homeserver answers, and a 507 never hides a message that lands later.
    /// </summary>
    public bool Withdraw(PendingSend pending)
    {
        lock (_lock)
        {
            if (pending.Attempted || pending.State == PendingState.Done) return false;
            var lane = _lanes[pending.Lane];
            lane.Waiting.Remove(pending.Entry.Seq);
            pending.State = PendingState.Done;
            if (_byTxn.TryGetValue(pending.Entry.TxnId, out var current) && current == pending) _byTxn.Remove(pending.Entry.TxnId);
            if (lane.IsIdle) _lanes.Remove(lane.Key);
        }
        RemoveUnsaved(pending.Entry);
        pending.Complete(NotSaved());
        return true;
    }

    /// <summary>Under the lock: every request waiting on this lane answers 202 now, its head having failed or outlived its wait.</summary>
    private static void MarkLaneQueued(OutboxLane lane)
    {
        foreach (var waiting in lane.Waiting.Values) waiting.MarkQueued();
    }

    /// <summary>The request's wait is over: it answers 202, and a send still running becomes the lane's, so later messages queue behind it.</summary>
    private void OnWaitOver(PendingSend pending)
    {
        lock (_lock)
        {
            if (pending.State == PendingState.Fast)
            {
                _lanes[pending.Lane].InFlight--;
                Enqueue(_lanes[pending.Lane], pending);
            }
            if (pending.State == PendingState.Queued) MarkLaneQueued(_lanes[pending.Lane]);
        }
    }
}
