namespace AgentChat.Tasks;

/// <summary>
/// One message in a task's thread that tried to move it: who, to what, and whether the rules let it
/// (<see cref="Applied"/>); an ignored one says why in <see cref="Reason"/>.
/// </summary>
public sealed record TaskChange
{
    public required string EventId { get; init; }
    public required string Sender { get; init; }
    public string? Instance { get; init; }
    public bool Human { get; init; }
    public long Ts { get; init; }
    public string? State { get; init; }
    public string? Assignee { get; init; }
    public required bool Applied { get; init; }
    public string? Reason { get; init; }
    public string? Text { get; init; }
}
