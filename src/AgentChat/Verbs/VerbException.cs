namespace AgentChat.Verbs;

/// <summary>
/// A send or read the rules refuse, with the gateway's HTTP status and stable code. The daemon answers it as
/// <c>{"error", "code"}</c>; the CLI's direct mode exits with the code the same gateway answer would give.
/// </summary>
public sealed class VerbException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The caller asked for something the rules never allow (exit 1), rather than something that failed (exit 2).</summary>
    public static bool IsUsageStatus(int status) => status is 400 or 413;

    public static VerbException BadRequest(string code, string message) => new(400, code, message);
}
