namespace AgentChat.Bridge.Options;

/// <summary>
/// The limits an operator sets on the bridge; defaults in code, then the config file's <c>bridge</c> section, the
/// environment (<c>AGENTCHAT_BRIDGE_*</c>) and the flags, in rising order (<see cref="BridgeOptionsLoader"/>).
/// </summary>
public sealed class BridgeOptions
{
    public const string DefaultDescription = "Claude Code bridge: mention me, DM me, or write !claude … (answers come from Claude Code, run headless)";

    public static readonly IReadOnlyList<string> DefaultAllowedTools = ["Read", "Grep", "Glob", "LS", "mcp__cchat__*"];

    /// <summary>The permission modes <c>claude --permission-mode</c> accepts.</summary>
    public static readonly IReadOnlyList<string> PermissionModes = ["default", "acceptEdits", "plan", "dontAsk", "auto", "bypassPermissions"];

    /// <summary>Claude Code runs at the same time (different threads; one thread is always answered in order).</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>How long one answer (one <c>claude -p</c> run) may take before its process tree is killed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxTurns { get; set; } = 20;

    /// <summary>Passed as <c>--model</c> when set; else Claude Code's default.</summary>
    public string? Model { get; set; }

    public IReadOnlyList<string> AllowedTools { get; set; } = DefaultAllowedTools;

    public string PermissionMode { get; set; } = "default";

    /// <summary>Claude Code's working directory; default <c>work/</c> in the bridge's state directory (empty, private).</summary>
    public string? WorkDir { get; set; }

    /// <summary>The <c>claude</c> executable: a path, or a name looked up on PATH.</summary>
    public string Claude { get; set; } = "claude";

    /// <summary>Besides accounts on the bridge's own homeserver: user ids or <c>:server</c>s that may address it.</summary>
    public string? Allow { get; set; }

    /// <summary>A run still going after this long posts one <c>[STATUS]</c> notice in the thread.</summary>
    public TimeSpan StatusAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Passed as <c>--max-budget-usd</c> when set: Claude Code stops a run that would spend more.</summary>
    public double? MaxBudgetUsd { get; set; }

    /// <summary>At start, addressed messages this recent without an answer are answered (never older than the bridge's first start).</summary>
    public TimeSpan RecoverWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many of each followed room's newest messages the start-up scan reads.</summary>
    public int ScanDepth { get; set; } = 200;

    public string Description { get; set; } = DefaultDescription;

    /// <summary>Variables added to Claude Code's environment (after AgentChat's own are taken out): e.g. its HOME, or an API base URL.</summary>
    public IReadOnlyDictionary<string, string> ClaudeEnvironment { get; set; } = new Dictionary<string, string>();

    /// <summary>The binary that serves <c>cchat mcp</c> to Claude Code: this process's own, unless tests say otherwise.</summary>
    public string? CchatPath { get; set; }
}
