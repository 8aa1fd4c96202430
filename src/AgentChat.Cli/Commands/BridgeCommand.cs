using System.CommandLine;
using AgentChat.Bridge.Hosting;
using AgentChat.Bridge.Options;
using AgentChat.Daemon;
using AgentChat.Daemon.Hosting;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat bridge</c>: an agent whose answers come from Claude Code run headless (docs/bridge.md), until SIGTERM.</summary>
internal sealed class BridgeCommand : CchatVerb
{
    private readonly Option<int?> _port = new("--port") { Description = $"Its daemon's gateway port (default {DaemonOptions.DefaultPort}; 0 picks a free one; env AGENTCHAT_PORT)" };
    private readonly Option<string[]> _room = new("--room") { Description = "Another room to follow besides the shared one (repeatable)" };
    private readonly Option<string?> _claude = new("--claude") { Description = "The claude executable (default claude on PATH; env AGENTCHAT_BRIDGE_CLAUDE)" };
    private readonly Option<string?> _concurrency = new("--concurrency") { Description = "Claude Code runs at a time (default 1; env AGENTCHAT_BRIDGE_CONCURRENCY)" };
    private readonly Option<string?> _timeout = new("--timeout") { Description = "Seconds one answer may take before it is killed (default 600; env AGENTCHAT_BRIDGE_TIMEOUT)" };
    private readonly Option<string?> _maxTurns = new("--max-turns") { Description = "claude --max-turns (default 20; env AGENTCHAT_BRIDGE_MAX_TURNS)" };
    private readonly Option<string?> _model = new("--model") { Description = "claude --model (default: Claude Code's; env AGENTCHAT_BRIDGE_MODEL)" };
    private readonly Option<string[]> _tools = new("--allowed-tools") { Description = "Tools Claude may use (default Read,Grep,Glob,LS,mcp__cchat__*; env AGENTCHAT_BRIDGE_ALLOWED_TOOLS)" };
    private readonly Option<string?> _permission = new("--permission-mode") { Description = "claude --permission-mode (default default; env AGENTCHAT_BRIDGE_PERMISSION_MODE)" };
    private readonly Option<string?> _workdir = new("--workdir") { Description = "Claude Code's working directory (default the bridge's state dir's work/; env AGENTCHAT_BRIDGE_WORKDIR)" };
    private readonly Option<string?> _allow = new("--allow") { Description = "Besides this homeserver's accounts, who may address it: @user:server or :server, comma-separated (env AGENTCHAT_BRIDGE_ALLOW)" };
    private readonly Option<string?> _statusAfter = new("--status-after") { Description = "Seconds before a [STATUS] working notice (default 5; env AGENTCHAT_BRIDGE_STATUS_AFTER)" };
    private readonly Option<string?> _budget = new("--max-budget-usd") { Description = "claude --max-budget-usd per answer (default none; env AGENTCHAT_BRIDGE_MAX_BUDGET_USD)" };
    private readonly Option<string?> _description = new("--description") { Description = "What `cchat who` shows for it" };

    public BridgeCommand() : base("bridge",
        "Run an agent whose answers come from Claude Code run headless: a mention, a DM, a human's !claude …, or a task assigned to it starts "
        + "`claude -p` (one session per thread); the answer, its tokens and cost go back into the thread. Limits: docs/bridge.md.")
    {
        Validation.Range(_port, 0, 65535);
        foreach (var o in new Option[] { _port, _room, _claude, _concurrency, _timeout, _maxTurns, _model, _tools, _permission, _workdir, _allow, _statusAfter, _budget, _description })
            Add(o);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = GlobalOptions.LoadSettings(parse);
        var options = BridgeOptionsLoader.Load(settings, new BridgeFlags
        {
            Claude = parse.GetValue(_claude), Concurrency = parse.GetValue(_concurrency), Timeout = parse.GetValue(_timeout),
            MaxTurns = parse.GetValue(_maxTurns), Model = parse.GetValue(_model), AllowedTools = parse.GetValue(_tools),
            PermissionMode = parse.GetValue(_permission), WorkDir = parse.GetValue(_workdir), Allow = parse.GetValue(_allow),
            StatusAfter = parse.GetValue(_statusAfter), MaxBudgetUsd = parse.GetValue(_budget), Description = parse.GetValue(_description),
        });
        var daemon = new DaemonOptions { ExtraRooms = parse.GetValue(_room) ?? [] };
        if (parse.GetValue(_port) is { } port) daemon.Port = port;
        else if (settings.Environment("AGENTCHAT_PORT") is { Length: > 0 } text)
            daemon.Port = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p <= 65535 ? p
                : throw new UsageException($"AGENTCHAT_PORT must be a port number from 0 to 65535, not '{text}'");
        if (settings.Environment("AGENTCHAT_METRICS_TOKEN_FILE") is { Length: > 0 } metricsToken) daemon.MetricsTokenFile = metricsToken;
        RegistryTiming.Apply(settings, daemon);
        return await BridgeHost.RunAsync(settings, daemon, options, ct);
    }
}
