namespace AgentChat.Bridge.Claude;

/// <summary>How one run ended: the result (when one came), the session it ran in, the exit code, and why it failed, if it did.</summary>
internal sealed record ClaudeOutcome(ClaudeFailure Failure, ClaudeResult? Result, string? SessionId, string? Model, int? ExitCode, bool SawInit,
    string? FallbackText, string StderrTail, TimeSpan Elapsed)
{
    public bool Succeeded => Failure == ClaudeFailure.None;

    /// <summary>The answer to post: the result's text, else the last assistant text.</summary>
    public string? Text => Result?.Text is { Length: > 0 } t ? t : FallbackText;
}
