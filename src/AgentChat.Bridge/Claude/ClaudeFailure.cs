namespace AgentChat.Bridge.Claude;

/// <summary>Why a run gave no answer; the code goes into <c>meta.bridge.error</c>.</summary>
internal enum ClaudeFailure
{
    None,
    /// <summary>The executable could not be started.</summary>
    Missing,
    Timeout,
    /// <summary>It exited non-zero without a result line.</summary>
    Exit,
    /// <summary>The result says <c>is_error</c> (the model's API failed, a budget or turn limit was hit).</summary>
    Error,
    /// <summary>It exited 0 but wrote no result.</summary>
    NoResult,
}
