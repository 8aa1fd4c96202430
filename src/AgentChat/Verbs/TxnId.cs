namespace AgentChat.Verbs;

/// <summary>Caller-chosen idempotency keys: <c>[A-Za-z0-9._~-]{1,64}</c>, used as the Matrix transaction id.</summary>
public static class TxnId
{
    public const string Rule = "1-64 characters of A-Z a-z 0-9 . _ ~ -";

    public static string New() => $"cchat.{Guid.NewGuid():N}";

    public static bool IsValid(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-');
}
