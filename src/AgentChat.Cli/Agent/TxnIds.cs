namespace AgentChat.Cli.Agent;

/// <summary>One transaction id per message, made before the first attempt and kept for every retry.</summary>
internal static class TxnIds
{
    public static string New() => $"cchat.{Guid.NewGuid():N}";

    /// <summary>The gateway's rule for caller-chosen keys: <c>[A-Za-z0-9._~-]{1,64}</c>.</summary>
    public static bool IsValid(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-');
}
