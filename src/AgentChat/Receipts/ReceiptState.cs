namespace AgentChat.Receipts;

/// <summary>
/// How far a sent message got with one recipient: stored (it has an event id), read (its public read receipt),
/// delivered (a hook or the channel handed it to the recipient's session), acted (answered). Never backwards.
/// </summary>
public static class ReceiptState
{
    public const string Stored = "stored";
    public const string Read = "read";
    public const string Delivered = "delivered";
    public const string Acted = "acted";

    public static int Rank(string state) => state switch
    {
        Acted => 3,
        Delivered => 2,
        Read => 1,
        _ => 0,
    };
}
