namespace AgentChat.Daemon.Outbox;

/// <summary>
/// One destination's messages. Read and changed only under the sender's lock. Nothing waiting and no worker:
/// a new message goes out at once. Otherwise it waits its turn, by sequence, so a message that failed stays
/// ahead of every message accepted after it.
/// </summary>
internal sealed class OutboxLane(string key)
{
    public string Key => key;

    /// <summary>Messages the worker sends one at a time, lowest sequence first.</summary>
    public SortedList<long, PendingSend> Waiting { get; } = [];

    /// <summary>Fast attempts still running (not yet taken over by the worker).</summary>
    public int InFlight { get; set; }

    public Task? Worker { get; set; }

    public bool IsClear => Waiting.Count == 0 && Worker is null;

    /// <summary>Its head could not go out (a failed try, or a send that outlived its request's wait): a new message queues at once.</summary>
    public bool IsBlocked => Waiting.Count > 0 && Waiting.Values[0].Queued.IsCompleted;

    public bool IsIdle => IsClear && InFlight == 0;
}
