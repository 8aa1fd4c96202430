using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Leases;

/// <summary>
/// Direct mode's bound on lease notices, the daemon's across processes and hosts: the room is the record. A change
/// within <see cref="LeaseNotice.Interval"/> of this account's last new lease notice (by the homeserver's clock:
/// <c>unsigned.age</c>) edits that notice (<c>m.replace</c>) to add its line instead of posting another, so humans see
/// at most one new notice per interval and lose no line (the newest <see cref="LeaseNotice.MaxLines"/> are kept).
/// The page read is this account's own messages, parsed totally all the same.
/// </summary>
public static class LeaseNoticeFold
{
    /// <summary>How many of this account's latest messages are searched for its last lease notice.</summary>
    public const int Page = 20;

    /// <summary>Text kept in one folded notice: it goes into the edit twice (plain and HTML, old and new), under the event limit.</summary>
    private const int MaxText = 8_000;

    public static string Filter(UserId self) =>
        $$"""{"types":["{{EventTypes.RoomMessage}}"],"senders":["{{JsonEncodedText.Encode(self.Value)}}"]}""";

    /// <summary>The notice to fold a new line into (its event id and current lines), or null to post a new one.</summary>
    public static (EventId Original, IReadOnlyList<string> Lines)? Open(IReadOnlyList<MatrixEvent> newestFirst, UserId self, long nowMs)
    {
        var latest = newestFirst.FirstOrDefault(e => e.Sender == self && IsLeaseNotice(e.Content));
        if (latest is null) return null;
        var replaces = Replaced(latest.Content);
        var original = replaces is null ? latest : newestFirst.FirstOrDefault(e => e.EventId?.Value == replaces && e.Sender == self && IsLeaseNotice(e.Content));
        if (original?.EventId is not { } id || Replaced(original.Content) is not null) return null;
        var age = (original.UnsignedData is { } u ? JsonFields.Long(u, "age") : null) ?? nowMs - original.OriginServerTs;
        if (age < 0 || age >= (long)LeaseNotice.Interval.TotalMilliseconds) return null;
        var content = replaces is null ? latest.Content : latest.Content.TryGetProperty("m.new_content", out var n) ? n : default;
        if (JsonFields.String(content, "body") is not { } body) return null;
        return (id, MessageKind.FromBody(body).Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The newest lines that fit one notice, <paramref name="line"/> always among them.</summary>
    public static IReadOnlyList<string> Fold(IReadOnlyList<string> lines, string line)
    {
        var kept = new List<string> { line };
        var length = line.Length;
        for (var i = lines.Count - 1; i >= 0 && kept.Count < LeaseNotice.MaxLines; i--)
        {
            length += lines[i].Length + 2;
            if (length > MaxText) break;
            kept.Insert(0, lines[i]);
        }
        return kept;
    }

    /// <summary>An <c>m.replace</c> edit of <paramref name="original"/> whose new content is <paramref name="notice"/> (from <see cref="LeaseNotice.Content"/>).</summary>
    public static byte[] Edit(EventId original, byte[] notice)
    {
        var fresh = JsonNode.Parse(notice)!.AsObject();
        var edit = (JsonObject)fresh.DeepClone();
        edit["body"] = "* " + (string?)fresh["body"];
        if ((string?)fresh["formatted_body"] is { } html) edit["formatted_body"] = "* " + html;
        edit["m.new_content"] = fresh;
        edit["m.relates_to"] = new JsonObject { ["rel_type"] = "m.replace", ["event_id"] = original.Value };
        return System.Text.Encoding.UTF8.GetBytes(edit.ToJsonString());
    }

    private static bool IsLeaseNotice(JsonElement content) =>
        content.ValueKind == JsonValueKind.Object && content.TryGetProperty(MessageComposer.MetaKey, out var meta)
        && JsonFields.String(meta, Observed.NoticeField) == LeaseNotice.Tag;

    private static string? Replaced(JsonElement content) =>
        content.ValueKind == JsonValueKind.Object && content.TryGetProperty("m.relates_to", out var rel) && JsonFields.String(rel, "rel_type") == "m.replace"
            ? JsonFields.String(rel, "event_id") ?? "" : null;
}
