using System.Globalization;
using AgentChat.Bridge.Options;

namespace AgentChat.Bridge.Claude;

/// <summary>
/// The argument list of one run: <c>claude -p --output-format stream-json --verbose</c>, the bridge's MCP server
/// only (<c>--strict-mcp-config</c>), the operator's tools, permission mode, turns, model and budget, and
/// <c>--resume</c> for a thread that has a session. The prompt is not among them: it goes to stdin.
/// </summary>
internal static class ClaudeArguments
{
    public static IReadOnlyList<string> Build(BridgeOptions options, string mcpConfigPath, string? resume)
    {
        var args = new List<string>
        {
            "-p", "--output-format", "stream-json", "--verbose",
            "--mcp-config", mcpConfigPath, "--strict-mcp-config",
            "--allowedTools", string.Join(',', options.AllowedTools),
            "--permission-mode", options.PermissionMode,
            "--max-turns", options.MaxTurns.ToString(CultureInfo.InvariantCulture),
        };
        if (options.Model is { } model) args.AddRange(["--model", model]);
        if (options.MaxBudgetUsd is { } usd) args.AddRange(["--max-budget-usd", usd.ToString(CultureInfo.InvariantCulture)]);
        if (resume is not null && Sessions.SessionMap.IsValidId(resume)) args.AddRange(["--resume", resume]);
        return args;
    }
}
