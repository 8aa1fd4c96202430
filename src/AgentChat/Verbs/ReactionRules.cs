using System.Text;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Verbs;

/// <summary>
/// <c>react</c>: one rule for the gateway and direct mode. A reaction is Matrix's <c>m.reaction</c> annotation, so Element shows
/// it under the message; reading them back groups a message's annotations by key, one per sender, whatever strangers wrote.
/// </summary>
public static class ReactionRules
{
    public const string DefaultKey = "👍";
    private const int MaxKeyBytes = 64;
    private const string Annotation = "m.annotation";

    /// <summary>The request's event id and key, checked; a 400 <see cref="VerbException"/> says what is wrong.</summary>
    public static (EventId Target, string Key) Check(ReactRequest request)
    {
        if (request.EventId is not { Length: > 1 } id || id[0] != '$' || id.Any(char.IsWhiteSpace))
            throw VerbException.BadRequest("bad_event_id", "give the event id of the message to react to (it starts with '$'; `cchat read --json` shows it)");
        var key = string.IsNullOrWhiteSpace(request.Key) ? DefaultKey : request.Key.Trim();
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes || key.Any(char.IsControl))
            throw VerbException.BadRequest("bad_key", $"a reaction is an emoji or a short word (at most {MaxKeyBytes} bytes, no control characters)");
        if (request.TxnId is { } txn && !TxnId.IsValid(txn)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
        return (new EventId(id), key);
    }

    /// <summary>The <c>m.reaction</c> content: <c>{"m.relates_to": {"rel_type": "m.annotation", "event_id", "key"}}</c>.</summary>
    public static byte[] Content(EventId target, string key)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("m.relates_to");
            json.WriteString("rel_type", Annotation);
            json.WriteString("event_id", target.Value);
            json.WriteString("key", key);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The reactions among <paramref name="related"/> (a message's <c>m.annotation</c> relations): each key with who gave it,
    /// by instance name where the sender is a registered agent. Anything else, or a second copy from the same sender, counts for nothing.
    /// </summary>
    public static ReactionsResponse Summarize(EventId target, IEnumerable<MatrixEvent> related, SenderDirectory senders)
    {
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in related)
        {
            if (e.Type != EventTypes.Reaction || e.Sender is not { } sender || KeyOf(e, target) is not { } key) continue;
            var who = senders.InstanceOf(sender.Value) is { } instance && !senders.IsHuman(sender.Value) ? instance : sender.Value;
            if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
            if (!list.Contains(who)) list.Add(who);
        }
        var reactions = byKey.Select(p => new ReactionCount(p.Key, p.Value.Count, p.Value)).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal);
        return new ReactionsResponse(target.Value, reactions.ToList());
    }

    private static string? KeyOf(MatrixEvent e, EventId target)
    {
        if (e.Content.ValueKind != JsonValueKind.Object || !e.Content.TryGetProperty("m.relates_to", out var rel) || rel.ValueKind != JsonValueKind.Object) return null;
        if (!rel.TryGetProperty("rel_type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != Annotation) return null;
        if (!rel.TryGetProperty("event_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() != target.Value) return null;
        if (!rel.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String) return null;
        var text = key.GetString();
        return string.IsNullOrEmpty(text) || Encoding.UTF8.GetByteCount(text) > MaxKeyBytes ? null : text;
    }
}
