using System.Buffers;
using System.Net;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Decisions;

/// <summary>
/// The text line that goes with every poll, for clients that show no polls at all (Nheko 0.11 shows nothing of an
/// <c>m.poll.start</c>, not even its fallback): an <c>m.notice</c> with the question, the numbered choices and whom it asks,
/// tagged <c>meta.notice = "decision"</c> like AgentChat's other notices so no agent answers it, and an <c>m.reference</c>
/// to the poll. A reaction with a choice's emoji on it counts as one on the poll; only the asker's line counts.
/// </summary>
public static class DecisionCompanion
{
    public const string Tag = "decision";
    private const string Invitation = "vote in the poll, or react to this message with the number";

    public static byte[] Content(
        string pollId, string question, IReadOnlyList<DecisionChoice> choices, IReadOnlyList<(string UserId, string Label)> asked, long? expiresAt, string instance)
    {
        var plain = Lines(question, choices, asked.Select(a => "@" + a.Label), expiresAt);
        var html = Lines(WebUtility.HtmlEncode(question), choices.Select(c => c with { Text = WebUtility.HtmlEncode(c.Text) }).ToList(),
            asked.Select(a => $"<a href=\"https://matrix.to/#/{WebUtility.HtmlEncode(a.UserId)}\">{WebUtility.HtmlEncode(a.Label)}</a>"), expiresAt);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("msgtype", "m.notice");
            json.WriteString("body", plain);
            json.WriteString("format", "org.matrix.custom.html");
            json.WriteString("formatted_body", html.Replace("\n", "<br>", StringComparison.Ordinal));
            json.WriteStartObject("m.mentions");
            json.WriteStartArray("user_ids");
            foreach (var (userId, _) in asked) json.WriteStringValue(userId);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("m.relates_to");
            json.WriteString("rel_type", "m.reference");
            json.WriteString("event_id", pollId);
            json.WriteEndObject();
            json.WriteStartObject(MessageComposer.MetaKey);
            json.WriteNumber("v", MessageComposer.MetaVersion);
            json.WriteString("instance", instance);
            json.WriteString("kind", MessageKind.Status);
            json.WriteString(Observed.NoticeField, Tag);
            json.WriteStartObject(DecisionPoll.MetaKey);
            json.WriteString("poll", pollId);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        if (buffer.WrittenCount > MessageComposer.MaxContentBytes) throw new MessageTooLargeException(buffer.WrittenCount, MessageComposer.MaxContentBytes);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Made from the poll's id: a retried ask that got the same poll back sends the same line, which the homeserver keeps once.</summary>
    public static string Txn(string pollId) => DecisionTxn.For("decision.text.", pollId);

    /// <summary>The poll a companion line stands for, when the event is one (anyone's: the ledger checks the sender against the asker).</summary>
    public static string? PollOf(MatrixEvent e)
    {
        if (e.Type != EventTypes.RoomMessage || e.Content.ValueKind != JsonValueKind.Object) return null;
        if (DecisionLedger.Relation(e) is not ("m.reference", { Length: > 1 } target) || target[0] != '$') return null;
        if (!e.Content.TryGetProperty(MessageComposer.MetaKey, out var meta) || meta.ValueKind != JsonValueKind.Object) return null;
        return JsonFields.String(meta, Observed.NoticeField) == Tag ? target : null;
    }

    /// <summary>The asker's companion line among the poll's relations (the first, if a client retried), else null.</summary>
    public static string? Find(DecisionPoll poll, IEnumerable<MatrixEvent> related) =>
        related.FirstOrDefault(e => e.Sender?.Value == poll.Asker && e.EventId?.Value is { Length: > 1 } && PollOf(e) == poll.Id)?.EventId?.Value;

    private static string Lines(string question, IReadOnlyList<DecisionChoice> choices, IEnumerable<string> asked, long? expiresAt)
    {
        var lead = string.Join(' ', asked);
        var lines = new List<string> { $"{DecisionContent.Prefix} {(lead.Length > 0 ? lead + ": " : "")}{question}" };
        lines.AddRange(choices.Select(c => $"{c.Emoji} {c.Text}"));
        var until = expiresAt is { } x ? $" (before {DateTimeOffset.FromUnixTimeMilliseconds(x):yyyy-MM-dd HH:mm} UTC)" : "";
        lines.Add($"({Invitation}{until})");
        return string.Join('\n', lines);
    }
}
