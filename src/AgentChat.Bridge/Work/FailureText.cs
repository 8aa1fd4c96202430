using System.Globalization;
using AgentChat.Bridge.Claude;
using AgentChat.Bridge.Options;

namespace AgentChat.Bridge.Work;

/// <summary>
/// The reason a run gave no answer, as the thread and the task read it (what went wrong, what to do; never a stack
/// trace, a path to a secret or a token), and its code for <c>meta.bridge.error</c>.
/// </summary>
internal static class FailureText
{
    public static (string Code, string Reason) For(ClaudeOutcome o, BridgeOptions options)
    {
        var seconds = options.Timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        return o.Failure switch
        {
            ClaudeFailure.Missing => ("missing_claude",
                "Claude Code could not be started on the bridge's host; an operator must install it or point AGENTCHAT_BRIDGE_CLAUDE (--claude) at it"),
            ClaudeFailure.Timeout => ("timeout",
                $"it took longer than the bridge's limit of {seconds} s and was stopped; ask for something smaller, or an operator can raise AGENTCHAT_BRIDGE_TIMEOUT"),
            ClaudeFailure.Error when o.Result?.Subtype == "error_max_turns" => ("max_turns",
                $"it needed more than the bridge's limit of {options.MaxTurns} turns; ask for something smaller, or an operator can raise AGENTCHAT_BRIDGE_MAX_TURNS"),
            ClaudeFailure.Error when o.Result?.Subtype is { } s && s.Contains("budget", StringComparison.OrdinalIgnoreCase) => ("budget",
                "it would have cost more than the bridge's budget per answer (AGENTCHAT_BRIDGE_MAX_BUDGET_USD)"),
            ClaudeFailure.Error => ("model_error",
                $"Claude Code reported an error{Detail(o.Result?.Text ?? o.FallbackText)}; try again later"),
            ClaudeFailure.Exit => ("exit",
                $"Claude Code exited with code {o.ExitCode} without an answer{Detail(o.Text)}; try again later, or an operator can read the bridge's log"),
            _ => ("no_result", "Claude Code ended without an answer; try again, or an operator can read the bridge's log"),
        };
    }

    private static string Detail(string? text) => Redaction.OneLine(text, 300) is { Length: > 0 } d ? $" ({d})" : "";
}
