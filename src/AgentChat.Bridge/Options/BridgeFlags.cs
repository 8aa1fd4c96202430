namespace AgentChat.Bridge.Options;

/// <summary>What the command line said, as typed: the loader parses and checks flags, environment and file alike.</summary>
public sealed record BridgeFlags
{
    public string? Concurrency { get; init; }
    public string? Timeout { get; init; }
    public string? MaxTurns { get; init; }
    public string? Model { get; init; }
    public IReadOnlyList<string>? AllowedTools { get; init; }
    public string? PermissionMode { get; init; }
    public string? WorkDir { get; init; }
    public string? Claude { get; init; }
    public string? Allow { get; init; }
    public string? StatusAfter { get; init; }
    public string? MaxBudgetUsd { get; init; }
    public string? Description { get; init; }
}
