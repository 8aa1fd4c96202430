using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Receipts;
using AgentChat.Registry;

namespace AgentChat.Tests.Receipts;

/// <summary>The 👀 "delivered to the session" receipt in the pure book: hostile reactions, strangers, and no going back.</summary>
public sealed class DeliveryRulesTests
{
    private const string Me = "@me:s";
    private const string Bob = "@bob:s";

    private static Observed Msg(string id, string sender, string kind = "question", string? replyTo = null, IReadOnlyList<string>? mentions = null, long ts = 1000) =>
        new(new ChatMessage
        {
            EventId = id, RoomId = "!r:s", Sender = sender, Human = false, Kind = kind, Text = "x", Body = "x", Ts = ts, ReplyTo = replyTo,
            Mentions = mentions ?? [],
        }, false);

    private static MatrixEvent Reaction(string sender, string content, long ts = 2000, string type = "m.reaction") => new()
    {
        Type = type, Sender = new UserId(sender), OriginServerTs = ts, EventId = new EventId("$re" + ts), Content = JsonDocument.Parse(content).RootElement.Clone(),
    };

    private static string Eyes(string target, string key = "👀", string rel = "m.annotation") =>
        JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>> { ["m.relates_to"] = new() { ["rel_type"] = rel, ["event_id"] = target, ["key"] = key } },
            DeliveryTestJson.Default.DictionaryStringDictionaryStringString);

    private static RecipientReceipt Bobs(ReceiptBook book) => book.Sent(false, 10, 3000).Single().Recipients.Single(r => r.UserId == Bob);

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"m.relates_to\": 5}")]
    [InlineData("{\"m.relates_to\": {\"rel_type\": \"m.annotation\", \"event_id\": 7, \"key\": \"👀\"}}")]
    [InlineData("{\"m.relates_to\": {\"rel_type\": \"m.annotation\", \"event_id\": \"$q\", \"key\": \"👍\"}}")]
    [InlineData("{\"m.relates_to\": {\"rel_type\": \"m.reference\", \"event_id\": \"$q\", \"key\": \"👀\"}}")]
    [InlineData("{\"m.relates_to\": {\"rel_type\": \"m.annotation\", \"event_id\": \"$q\"}}")]
    [InlineData("{\"m.relates_to\": {\"rel_type\": \"m.annotation\", \"event_id\": \"\", \"key\": \"👀\"}}")]
    public void Malformed_reactions_are_skipped(string content)
    {
        Assert.Null(DeliveryReaction.Parse(Reaction(Bob, content)));
    }

    [Fact]
    public void A_message_event_with_the_same_content_is_no_reaction_and_the_content_we_send_reads_back()
    {
        Assert.Null(DeliveryReaction.Parse(Reaction(Bob, Eyes("$q"), type: "m.room.message")));
        var ours = Reaction(Bob, System.Text.Encoding.UTF8.GetString(DeliveryReaction.Content("$q")));
        Assert.Equal(new DeliveryReaction("$q", Bob, 2000), DeliveryReaction.Parse(ours));
        Assert.Equal(DeliveryReaction.TxnId("$q"), DeliveryReaction.TxnId("$q"));
        Assert.NotEqual(DeliveryReaction.TxnId("$q"), DeliveryReaction.TxnId("$r"));
    }

    [Fact]
    public void Only_a_recipients_eyes_mark_delivered_once_and_the_state_never_goes_back()
    {
        var book = new ReceiptBook(Me);
        book.Observe(Msg("$q", Me, mentions: [Bob]), SenderDirectory.Empty, shared: false);

        book.ObserveDelivery("!r:s", DeliveryReaction.Parse(Reaction("@stranger:s", Eyes("$q")))!, 3000);
        book.ObserveDelivery("!other:s", DeliveryReaction.Parse(Reaction(Bob, Eyes("$q")))!, 3000); // another room's event of that id: not ours
        Assert.Equal(ReceiptState.Stored, Bobs(book).State);

        book.ObserveReceipt("!r:s", new ReadReceipt("$q", Bob, 1500, null), 3000);
        Assert.Equal(ReceiptState.Read, Bobs(book).State);
        book.ObserveDelivery("!r:s", DeliveryReaction.Parse(Reaction(Bob, Eyes("$q"), ts: 2000))!, 3000);
        Assert.Equal((ReceiptState.Delivered, 2000L), (Bobs(book).State, Bobs(book).DeliveredAt!.Value));
        book.ObserveDelivery("!r:s", DeliveryReaction.Parse(Reaction(Bob, Eyes("$q"), ts: 2500))!, 3000);
        Assert.Equal(2000L, Bobs(book).DeliveredAt);
        Assert.True(book.Sent(false, 10, 3000).Single().Pending);

        book.Observe(Msg("$a", Bob, kind: "chat", replyTo: "$q", ts: 2600), SenderDirectory.Empty, shared: false);
        Assert.Equal(ReceiptState.Acted, Bobs(book).State);
        book.ObserveDelivery("!r:s", DeliveryReaction.Parse(Reaction(Bob, Eyes("$q"), ts: 2700))!, 3000);
        book.ObserveReceipt("!r:s", new ReadReceipt("$q", Bob, 2800, null), 3000);
        Assert.Equal((ReceiptState.Acted, 2000L), (Bobs(book).State, Bobs(book).DeliveredAt!.Value));
        Assert.False(book.Sent(false, 10, 3000).Single().Pending);
    }

    [Fact]
    public void Delivered_before_any_read_receipt_is_delivered_and_a_zero_time_takes_now()
    {
        var book = new ReceiptBook(Me);
        book.Observe(Msg("$q", Me, kind: "chat", mentions: [Bob]), SenderDirectory.Empty, shared: false);
        book.ObserveDelivery("!r:s", DeliveryReaction.Parse(Reaction(Bob, Eyes("$q"), ts: 0))!, 2900);
        Assert.Equal((ReceiptState.Delivered, 2900L), (Bobs(book).State, Bobs(book).DeliveredAt!.Value));
        Assert.False(book.Sent(false, 10, 3000).Single().Pending); // chat's goal is read: delivered is past it
        Assert.Equal(ReceiptState.Delivered, book.Sent(false, 10, 3000).Single().State);
    }
}
