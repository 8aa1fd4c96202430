using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Receipts;

/// <summary>
/// "Seen by the model": the 👀 reaction (<c>m.reaction</c>, <c>m.annotation</c>, key 👀) an agent's account puts on a
/// message once a hook or the channel handed it to the session. Humans see it in their client; the sender's daemon
/// (or direct mode) reads it as <see cref="ReceiptState.Delivered"/> when it comes from a recipient of the message.
/// </summary>
public sealed record DeliveryReaction(string TargetEventId, string UserId, long Ts)
{
    public const string EventType = "m.reaction";
    public const string Key = "👀";
    private const string Annotation = "m.annotation";

    /// <summary>The reaction in <paramref name="e"/>, or null for anything else. Total: a stranger's event.</summary>
    public static DeliveryReaction? Parse(MatrixEvent e)
    {
        if (e.Type != EventType || e.Sender is not { } sender || e.Content.ValueKind != JsonValueKind.Object) return null;
        if (!e.Content.TryGetProperty("m.relates_to", out var rel) || rel.ValueKind != JsonValueKind.Object) return null;
        if (!rel.TryGetProperty("rel_type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != Annotation) return null;
        if (!rel.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String || key.GetString() != Key) return null;
        if (!rel.TryGetProperty("event_id", out var target) || target.ValueKind != JsonValueKind.String || target.GetString() is not { Length: > 1 } id) return null;
        return new DeliveryReaction(id, sender.Value, e.OriginServerTs);
    }

    /// <summary>The reaction's content for <paramref name="eventId"/>.</summary>
    public static byte[] Content(string eventId)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("m.relates_to");
            w.WriteString("rel_type", Annotation);
            w.WriteString("event_id", eventId);
            w.WriteString("key", Key);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>One transaction id per message, so a retry (or a second hand-over) is the same event.</summary>
    public static string TxnId(string eventId) =>
        "seen." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..32];

    /// <summary>
    /// Puts the reaction on <paramref name="eventId"/>. The homeserver refusing a second identical annotation
    /// (<c>M_DUPLICATE_ANNOTATION</c>) means it is already there: done.
    /// </summary>
    public static async Task SendAsync(MatrixClient client, RoomId room, string eventId, CancellationToken ct)
    {
        try
        {
            await client.SendEventAsync(room, EventType, Content(eventId), TxnId(eventId), ct);
        }
        catch (MatrixException e) when (e.ErrCode == "M_DUPLICATE_ANNOTATION")
        {
        }
    }
}
