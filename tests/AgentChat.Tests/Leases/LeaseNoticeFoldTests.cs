using System.Text;
using System.Text.Json;
using AgentChat.Leases;
using AgentChat.Matrix;

namespace AgentChat.Tests.Leases;

/// <summary>Which of this account's recent messages a direct-mode lease notice folds into, read totally.</summary>
public sealed class LeaseNoticeFoldTests
{
    private static readonly UserId Self = new("@alpha:example.org");
    private const long Now = 1_800_000_000_000;

    [Fact]
    public void A_notice_younger_than_the_interval_is_folded_into_an_older_one_is_not()
    {
        var fresh = Notice("$a", "🔒 took a", age: 3_000);
        var open = LeaseNoticeFold.Open([fresh], Self, Now);
        Assert.Equal("$a", open!.Value.Original.Value);
        Assert.Equal(["🔒 took a"], open.Value.Lines);
        Assert.Null(LeaseNoticeFold.Open([Notice("$a", "🔒 took a", age: 10_000)], Self, Now));
        Assert.Null(LeaseNoticeFold.Open([Notice("$a", "🔒 took a", age: -1)], Self, Now));
        // Without unsigned.age the local clock against the server's timestamp decides.
        Assert.NotNull(LeaseNoticeFold.Open([Notice("$a", "x", age: null, ts: Now - 2_000)], Self, Now));
        Assert.Null(LeaseNoticeFold.Open([Notice("$a", "x", age: null, ts: Now - 20_000)], Self, Now));
    }

    [Fact]
    public void The_lines_are_the_last_edits_and_the_window_is_the_originals()
    {
        var original = Notice("$a", "🔒 took a", age: 8_000);
        var edit = Edit("$e", "$a", "🔒 took a\n\n🔒 took b", age: 1_000);
        Assert.Equal(["🔒 took a", "🔒 took b"], LeaseNoticeFold.Open([edit, original], Self, Now)!.Value.Lines);
        Assert.Null(LeaseNoticeFold.Open([Edit("$e", "$a", "x", age: 1_000), Notice("$a", "x", age: 12_000)], Self, Now)); // the original is too old
        Assert.Null(LeaseNoticeFold.Open([Edit("$e", "$gone", "x", age: 1_000)], Self, Now)); // its original is off the page
    }

    [Theory]
    [InlineData("""{"msgtype":"m.notice","body":"[STATUS] x","com.aiagentchat.meta":{"notice":"loop_guard"}}""")] // another notice
    [InlineData("""{"msgtype":"m.notice","body":"[STATUS] x","com.aiagentchat.meta":"lease"}""")]
    [InlineData("""{"msgtype":"m.notice","body":7,"com.aiagentchat.meta":{"notice":"lease"}}""")]
    [InlineData("""{"body":"x","com.aiagentchat.meta":{"notice":"lease"},"m.relates_to":{"rel_type":"m.replace","event_id":["$a"]}}""")]
    [InlineData("""{"body":"x","com.aiagentchat.meta":{"notice":"lease"},"m.relates_to":{"rel_type":"m.replace","event_id":"$a"},"m.new_content":[1]}""")]
    [InlineData("""[1,2]""")]
    public void Unreadable_or_unrelated_messages_open_nothing(string content)
    {
        var odd = Event("$x", content, age: 1_000);
        Assert.Null(LeaseNoticeFold.Open([odd, Notice("$a", "x", age: 1_000, sender: "@other:example.org")], Self, Now));
    }

    [Fact]
    public void Fold_keeps_the_newest_lines_within_the_limits_and_the_edit_replaces_the_original()
    {
        var many = Enumerable.Range(0, 30).Select(i => $"line {i}").ToList();
        var folded = LeaseNoticeFold.Fold(many, "new");
        Assert.Equal(LeaseNotice.MaxLines, folded.Count);
        Assert.Equal("new", folded[^1]);
        Assert.Equal("line 29", folded[^2]);
        Assert.Equal(["huge"], LeaseNoticeFold.Fold([new string('x', 9_000)], "huge"));

        var edit = JsonDocument.Parse(LeaseNoticeFold.Edit(new EventId("$a"), LeaseNotice.Content("alpha", folded))).RootElement;
        Assert.Equal("m.replace", edit.GetProperty("m.relates_to").GetProperty("rel_type").GetString());
        Assert.Equal("$a", edit.GetProperty("m.relates_to").GetProperty("event_id").GetString());
        Assert.StartsWith("* ", edit.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("new", edit.GetProperty("m.new_content").GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(LeaseNotice.Tag, edit.GetProperty("com.aiagentchat.meta").GetProperty("notice").GetString());
    }

    private static MatrixEvent Notice(string id, string text, long? age, long ts = Now, string? sender = null) =>
        Event(id, Encoding.UTF8.GetString(LeaseNotice.Content("alpha", [text])), age, ts, sender);

    private static MatrixEvent Edit(string id, string original, string text, long? age) =>
        Event(id, Encoding.UTF8.GetString(LeaseNoticeFold.Edit(new EventId(original), LeaseNotice.Content("alpha", [text]))), age);

    private static MatrixEvent Event(string id, string content, long? age, long ts = Now, string? sender = null) => new()
    {
        Type = EventTypes.RoomMessage,
        EventId = new EventId(id),
        Sender = new UserId(sender ?? Self.Value),
        OriginServerTs = ts,
        Content = JsonDocument.Parse(content).RootElement.Clone(),
        UnsignedData = age is { } a ? JsonDocument.Parse($$"""{"age":{{a}}}""").RootElement.Clone() : null,
    };
}
