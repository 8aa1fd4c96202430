namespace AgentChat.Bridge.Feed;

/// <summary>What the gateway answered to a POST: the status, the event id when it sent one, else its error code and text.</summary>
internal sealed record GatewayReply(int Status, string? EventId, string? Code, string? Error)
{
    /// <summary>Sent (200) or queued in the daemon's outbox (202): either way it will be in the room once.</summary>
    public bool Accepted => Status is 200 or 202;

    public override string ToString() => Accepted ? $"{Status} {EventId}" : $"{Status} {Code}: {Error}";
}
