namespace AgentChat.Daemon.Outbox;

internal enum PendingState
{
    /// <summary>Sent at once from the request, its destination having nothing waiting.</summary>
    Fast,

    /// <summary>The fast attempt ended and its result is being settled.</summary>
    Settling,

    /// <summary>In its lane's queue: sent one at a time, in order, by the lane.</summary>
    Queued,

    Done,
}
