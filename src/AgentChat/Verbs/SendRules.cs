using System.Text.Json;
using AgentChat.Attachments;
using AgentChat.Gateway;
using AgentChat.Messages;

namespace AgentChat.Verbs;

/// <summary>What makes a send request well-formed, checked the same way by the gateway and by direct mode.</summary>
public static class SendRules
{
    public static void Validate(SendRequest r)
    {
        if (r.Attachment is { } file) AttachmentRules.Validate(file);
        else if (string.IsNullOrWhiteSpace(r.Text)) throw VerbException.BadRequest("empty_text", "\"text\" is required and must not be empty");
        if (r.Kind is not null && !MessageKind.IsValid(r.Kind))
            throw VerbException.BadRequest("bad_kind", $"\"kind\" must be one of {string.Join(", ", MessageKind.All)}");
        if (r.Room is not null && r.Dm is not null) throw VerbException.BadRequest("conflicting_target", "give \"room\" or \"dm\", not both");
        if (r.Room is { Length: 0 } || r.Dm is { Length: 0 }) throw VerbException.BadRequest("empty_target", "\"room\" and \"dm\" must not be empty strings");
        if (r.TxnId is not null && !TxnId.IsValid(r.TxnId)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
        if (r.Thread is { } t && !t.StartsWith('$')) throw VerbException.BadRequest("bad_event_id", "\"thread\" must be an event id ($...)");
        if (r.ReplyTo is { } rt && !rt.StartsWith('$')) throw VerbException.BadRequest("bad_event_id", "\"reply_to\" must be an event id ($...)");
        if (r.Meta is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
            throw VerbException.BadRequest("bad_meta", "\"meta\" must be a JSON object");
        if (r.To?.Any(string.IsNullOrWhiteSpace) == true) throw VerbException.BadRequest("bad_to", "\"to\" entries must be names or user ids");
    }
}
