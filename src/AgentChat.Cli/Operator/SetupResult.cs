namespace AgentChat.Cli.Operator;

/// <summary>What <c>cchat setup</c> did to the shared room.</summary>
internal sealed record SetupResult
{
    public required string RoomId { get; init; }
    public required string Alias { get; init; }
    public bool Created { get; init; }
    public bool PowerLevelsFixed { get; init; }
    public IReadOnlyList<string> Invited { get; init; } = [];
    public IReadOnlyList<string> AlreadyMembers { get; init; } = [];
    public IReadOnlyList<string> RateLimitsLifted { get; init; } = [];
    /// <summary>The room's humans setting after setup: the accounts whose messages carry operator authority.</summary>
    public IReadOnlyList<string> Humans { get; init; } = [];
}
