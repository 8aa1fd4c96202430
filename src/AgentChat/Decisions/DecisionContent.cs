using System.Buffers;
using System.Net;
using System.Text.Json;
using AgentChat.Messages;

namespace AgentChat.Decisions;

/// <summary>
/// The events of a decision. The poll carries both poll blocks clients read: the spec's <c>m.poll</c> (v1.7: kind
/// <c>m.disclosed</c>, answers with <c>m.id</c> and <c>m.text</c> blocks; read by matrix-rust-sdk clients such as Element X)
/// and <c>m.poll.start</c> as Element Web (matrix-js-sdk) reads it (kind <c>m.poll.disclosed</c>, answers with <c>id</c> and a
/// string <c>m.text</c>), with the same answer ids; then the text fallback with each choice's emoji, a plain <c>body</c> and a
/// pill for whom it asks, <c>m.mentions</c> so their clients highlight it, and AgentChat's rules in <c>com.aiagentchat.meta</c>.
/// </summary>
public static class DecisionContent
{
    public const string Prefix = "[DECISION]";

    public static byte[] Start(
        string question, IReadOnlyList<DecisionChoice> choices, IReadOnlyList<(string UserId, string Label)> asked,
        IReadOnlyList<string> from, long? expiresAt, string? task, string instance)
    {
        var fallback = Fallback(question, choices, asked.Select(a => "@" + a.Label), expiresAt);
        var html = Fallback(WebUtility.HtmlEncode(question), choices.Select(c => c with { Text = WebUtility.HtmlEncode(c.Text) }).ToList(),
            asked.Select(Pill), expiresAt).Replace("\n", "<br>", StringComparison.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("m.text");
            TextBlock(json, fallback, "text/plain");
            TextBlock(json, html, "text/html");
            json.WriteEndArray();
            json.WriteString("body", fallback);
            json.WriteString("format", "org.matrix.custom.html");
            json.WriteString("formatted_body", html);
            json.WriteStartObject("m.mentions");
            json.WriteStartArray("user_ids");
            foreach (var (userId, _) in asked) json.WriteStringValue(userId);
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("m.poll");
            json.WriteString("kind", "m.disclosed");
            json.WriteNumber("max_selections", 1);
            json.WriteStartObject("question");
            json.WriteStartArray("m.text");
            TextBlock(json, question, null);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("answers");
            foreach (var c in choices)
            {
                json.WriteStartObject();
                json.WriteString("m.id", c.Id);
                json.WriteString("id", c.Id);
                json.WriteStartArray("m.text");
                TextBlock(json, c.Text, null);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("m.poll.start");
            json.WriteString("kind", "m.poll.disclosed");
            json.WriteNumber("max_selections", 1);
            json.WriteStartObject("question");
            json.WriteString("m.text", question);
            json.WriteEndObject();
            json.WriteStartArray("answers");
            foreach (var c in choices)
            {
                json.WriteStartObject();
                json.WriteString("id", c.Id);
                json.WriteString("m.text", c.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject(MessageComposer.MetaKey);
            json.WriteNumber("v", MessageComposer.MetaVersion);
            json.WriteString("instance", instance);
            json.WriteString("kind", "decision");
            json.WriteStartObject(DecisionPoll.MetaKey);
            json.WriteStartArray("from");
            foreach (var f in from) json.WriteStringValue(f);
            json.WriteEndArray();
            if (expiresAt is { } x) json.WriteNumber("expires_at", x);
            if (task is not null) json.WriteString("task", task);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        if (buffer.WrittenCount > MessageComposer.MaxContentBytes) throw new MessageTooLargeException(buffer.WrittenCount, MessageComposer.MaxContentBytes);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The asker's <c>m.poll.end</c>: the result in words for every client, and the votes as the asker counted them.</summary>
    public static byte[] End(DecisionView decision)
    {
        var text = decision.Answer is { } a
            ? $"{Prefix} Decided: {a.Choice} (answered by {a.By}) — {decision.Question}"
            : $"{Prefix} Closed without an answer{(decision.State == DecisionStates.Expired ? " in time" : "")} — {decision.Question}";
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("m.relates_to");
            json.WriteString("rel_type", "m.reference");
            json.WriteString("event_id", decision.Id);
            json.WriteEndObject();
            json.WriteStartArray("m.text");
            TextBlock(json, text, "text/plain");
            json.WriteEndArray();
            json.WriteString("body", text);
            json.WriteStartObject("m.poll.end");
            json.WriteEndObject();
            json.WriteStartObject("m.poll.results");
            foreach (var c in decision.Choices) json.WriteNumber(c.Id, c.Votes);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The same end event whoever sends it with this account: the homeserver keeps one event per transaction id.</summary>
    public static string EndTxn(string decisionId) => DecisionTxn.For("decision.end.", decisionId);

    private static string Fallback(string question, IReadOnlyList<DecisionChoice> choices, IEnumerable<string> asked, long? expiresAt)
    {
        var lead = string.Join(' ', asked);
        var lines = new List<string> { $"{Prefix} {(lead.Length > 0 ? lead + ": " : "")}{question}" };
        lines.AddRange(choices.Select(c => $"{c.Emoji} {c.Text}"));
        var until = expiresAt is { } x ? $" before {DateTimeOffset.FromUnixTimeMilliseconds(x):yyyy-MM-dd HH:mm} UTC" : "";
        lines.Add($"(answer in the poll, or react with the number{until})");
        return string.Join('\n', lines);
    }

    private static string Pill((string UserId, string Label) a) =>
        $"<a href=\"https://matrix.to/#/{WebUtility.HtmlEncode(a.UserId)}\">{WebUtility.HtmlEncode(a.Label)}</a>";

    private static void TextBlock(Utf8JsonWriter json, string body, string? mimetype)
    {
        json.WriteStartObject();
        if (mimetype is not null) json.WriteString("mimetype", mimetype);
        json.WriteString("body", body);
        json.WriteEndObject();
    }
}
