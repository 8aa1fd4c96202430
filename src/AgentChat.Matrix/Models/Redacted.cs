namespace AgentChat.Matrix;

/// <summary>
/// How a type holding a token, password or secret prints it in <c>ToString()</c>: never the value, only whether
/// one is there. Records holding one override <c>PrintMembers</c> with this.
/// </summary>
public static class Redacted
{
    public const string Text = "***";

    public static string Of(string? secret) => secret is null ? "null" : Text;
}
