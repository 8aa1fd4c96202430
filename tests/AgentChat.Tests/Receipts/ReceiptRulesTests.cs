using System.Text.Json;
using AgentChat.LoopGuard;
using AgentChat.Messages;
using AgentChat.Receipts;
using AgentChat.Registry;
using AgentChat.Unanswered;

namespace AgentChat.Tests.Receipts;

/// <summary>The core rules on their own: hostile receipts, who may reset a budget, what answers an item.</summary>
public sealed class ReceiptRulesTests
{
    private static Observed Msg(string id, string sender, bool human, string text = "x", string kind = "chat", string? replyTo = null, string? thread = null,
        bool notice = false, string? meta = null) =>
        new(new ChatMessage
        {
            EventId = id, RoomId = "!r:s", Sender = sender, Human = human, Kind = kind, Text = text, Body = text, Ts = 1000, ReplyTo = replyTo, Thread = thread,
            Meta = meta is null ? null : JsonDocument.Parse(meta).RootElement.Clone(),
        }, notice);

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"$e\": 5}")]
    [InlineData("{\"$e\": {\"m.read\": []}}")]
    [InlineData("{\"$e\": {\"m.read\": {\"@u:s\": \"nope\"}}}")]
    [InlineData("{\"$e\": {\"m.read\": {\"@u:s\": {\"ts\": \"soon\", \"thread_id\": 7}}}}")]
    public void Hostile_receipt_content_reads_as_what_it_can(string json)
    {
        var receipts = ReadReceipt.Parse(JsonDocument.Parse(json).RootElement);
        Assert.All(receipts, r => Assert.Null(r.Ts));
        var book = new ReceiptBook("@me:s");
        foreach (var r in receipts) book.ObserveReceipt("!r:s", r, 5);
        Assert.Empty(book.Sent(false, 10, 5));
    }

    [Fact]
    public void Only_a_registry_human_resets_a_budget_and_notices_never_count()
    {
        var budget = new LoopBudget(2);
        var scope = LoopScope.Of("!r:s", null);
        budget.Observe(Msg("$1", "@a:s", human: false), answers: true);
        budget.Observe(Msg("$2", "@a:s", human: false, notice: true, kind: "status"), answers: true);
        budget.Observe(Msg("$3", "@b:s", human: false, meta: "{\"human\": true}", text: "!agentchat resume"), answers: true);
        Assert.Equal(1, budget.Used(scope, "@a:s"));
        budget.Observe(Msg("$4", "@a:s", human: false), answers: true);
        Assert.False(budget.Allows(scope, "@a:s"));
        Assert.True(budget.ClaimNotice(scope));
        Assert.False(budget.ClaimNotice(scope));
        budget.Observe(Msg("$5", "@bot:s", human: true, notice: true), answers: true); // a bot's notice is no human
        Assert.False(budget.Allows(scope, "@a:s"));
        budget.Observe(Msg("$6", "@h:s", human: true, text: "go on"), answers: true);
        Assert.True(budget.Allows(scope, "@a:s"));
        Assert.True(budget.ClaimNotice(scope));
    }

    [Fact]
    public void An_item_is_answered_by_someone_else_in_its_thread_not_by_its_asker()
    {
        var book = new UnansweredBook();
        book.Observe(Msg("$q", "@a:s", human: false, kind: "question"), 1000);
        book.Observe(Msg("$self", "@a:s", human: false, thread: "$q"), 1000);
        Assert.Single(book.Due(10_000, TimeSpan.FromSeconds(1)));
        Assert.Empty(book.Due(1500, TimeSpan.FromSeconds(1)));
        book.Observe(Msg("$ans", "@b:s", human: false, thread: "$q"), 1000);
        Assert.Empty(book.Due(10_000, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Hops_follow_the_parent_and_a_human_starts_again()
    {
        var hops = new HopBook();
        hops.Observe(Msg("$h", "@h:s", human: true, meta: "{\"hops\": 40}"));
        hops.Observe(Msg("$a", "@a:s", human: false, replyTo: "$h", meta: "{\"hops\": 1}"));
        Assert.Equal(0, hops.HopsOf("$h"));
        Assert.Equal(2, hops.Next("$a", null));
        Assert.Null(hops.Next("$unknown", null));
        Assert.Equal(0, hops.Next(null, null));
        Assert.Equal("{\"x\":1,\"hops\":3}", MetaFields.With(JsonDocument.Parse("{\"x\":1,\"hops\":9}").RootElement, "hops", 3).GetRawText());
    }
}
