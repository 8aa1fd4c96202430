namespace AgentChat.Bridge.Options;

/// <summary>The config file's <c>bridge</c> object; each field optional, unknown fields ignored.</summary>
internal sealed record BridgeConfigSection
{
    public int? Concurrency { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? MaxTurns { get; init; }
    public string? Model { get; init; }
    public IReadOnlyList<string>? AllowedTools { get; init; }
    public string? PermissionMode { get; init; }
    public string? Workdir { get; init; }
    public string? Claude { get; init; }
    public IReadOnlyList<string>? Allow { get; init; }
    public int? StatusAfterSeconds { get; init; }
    public double? MaxBudgetUsd { get; init; }
    public string? Description { get; init; }
}
