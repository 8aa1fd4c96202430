using System.Text.Json;

namespace AgentChat.Receipts;

/// <summary>
/// One public <c>m.read</c> receipt: <paramref name="UserId"/> has read up to <paramref name="EventId"/> (in
/// <paramref name="ThreadId"/> only, for a threaded receipt). <c>m.read.private</c> and <c>m.fully_read</c> are
/// the reader's own and never reach other users, so the public receipt is what a sender can trust.
/// </summary>
public sealed record ReadReceipt(string EventId, string UserId, long? Ts, string? ThreadId)
{
    /// <summary>The <c>m.read</c> receipts in an <c>m.receipt</c> event's content. Total: a stranger's JSON.</summary>
    public static IReadOnlyList<ReadReceipt> Parse(JsonElement content)
    {
        var result = new List<ReadReceipt>();
        if (content.ValueKind != JsonValueKind.Object) return result;
        foreach (var evt in content.EnumerateObject())
        {
            if (evt.Value.ValueKind != JsonValueKind.Object || !evt.Value.TryGetProperty("m.read", out var readers) || readers.ValueKind != JsonValueKind.Object)
                continue;
            foreach (var reader in readers.EnumerateObject())
            {
                long? ts = null;
                string? thread = null;
                if (reader.Value.ValueKind == JsonValueKind.Object)
                {
                    if (reader.Value.TryGetProperty("ts", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var v)) ts = v;
                    if (reader.Value.TryGetProperty("thread_id", out var th) && th.ValueKind == JsonValueKind.String) thread = th.GetString();
                }
                result.Add(new ReadReceipt(evt.Name, reader.Name, ts, thread));
            }
        }
        return result;
    }
}
