namespace AgentChat.Accounting;

/// <summary>The failure codes the bridge writes in <c>meta.bridge.error</c> (docs/bridge.md); a metric label holds only these.</summary>
public static class AnswerErrors
{
    public const string Other = "other";

    public static readonly IReadOnlyList<string> Known = ["missing_claude", "timeout", "max_turns", "budget", "model_error", "exit", "no_result"];

    /// <summary>The code itself when it is known, else <see cref="Other"/>: a room may invent any code, a label must stay bounded.</summary>
    public static string Label(string error) => Known.Contains(error, StringComparer.Ordinal) ? error : Other;
}
