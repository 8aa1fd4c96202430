namespace AgentChat.Decisions;

/// <summary>A decision is <c>open</c> until an allowed responder answers (<c>decided</c>), its asker ends the poll (<c>closed</c>), or its time runs out (<c>expired</c>).</summary>
public static class DecisionStates
{
    public const string Open = "open";
    public const string Decided = "decided";
    public const string Closed = "closed";
    public const string Expired = "expired";
}
