namespace AgentChat.Receipts;

/// <summary>How far a sent message got with one recipient: stored (it has an event id), read, acted (answered).</summary>
public static class ReceiptState
{
    public const string Stored = "stored";
    public const string Read = "read";
    public const string Acted = "acted";

    public static int Rank(string state) => state switch
    {
        Acted => 2,
        Read => 1,
        _ => 0,
    };
}
