using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Tests.Cli;

/// <summary>The reaction rules alone: strangers' annotations that do not read as one, or repeat, count for nothing.</summary>
public sealed class ReactionRulesTests
{
    private static readonly EventId Target = new("$target");

    private static MatrixEvent Reaction(string sender, string content, string type = "m.reaction") => new()
    {
        Type = type,
        EventId = new EventId("$" + Guid.NewGuid().ToString("N")),
        Sender = new UserId(sender),
        Content = JsonDocument.Parse(content).RootElement.Clone(),
    };

    [Fact]
    public void Malformed_foreign_and_repeated_annotations_are_skipped()
    {
        var related = new[]
        {
            Reaction("@a:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target","key":"👀"}}"""),
            Reaction("@a:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target","key":"👀"}}"""), // again
            Reaction("@b:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target"}}"""), // no key
            Reaction("@b:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target","key":7}}"""),
            Reaction("@b:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$other","key":"👀"}}"""),
            Reaction("@b:x", """{"m.relates_to":{"rel_type":"m.reference","event_id":"$target","key":"👀"}}"""),
            Reaction("@b:x", """{"m.relates_to":"not an object"}"""),
            Reaction("@b:x", """[1,2]"""),
            Reaction("@b:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target","key":"👍"}}""", type: "m.room.message"),
            Reaction("@b:x", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target","key":"👍"}}"""),
        };
        var summary = ReactionRules.Summarize(Target, related, SenderDirectory.Empty);
        Assert.Equal("$target", summary.EventId);
        Assert.Equal(["👀 1 @a:x", "👍 1 @b:x"], summary.Reactions.Select(r => $"{r.Key} {r.Count} {string.Join(',', r.Senders)}").OrderBy(x => x, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, "bad_event_id")]
    [InlineData("no-dollar", "bad_event_id")]
    [InlineData("$has space", "bad_event_id")]
    public void A_bad_event_id_is_a_400(string? eventId, string code) =>
        Assert.Equal(code, Assert.Throws<VerbException>(() => ReactionRules.Check(new ReactRequest { EventId = eventId })).Code);

    [Fact]
    public void A_key_too_long_or_with_control_characters_is_a_400()
    {
        Assert.Equal("bad_key", Assert.Throws<VerbException>(() => ReactionRules.Check(new ReactRequest { EventId = "$e", Key = new string('x', 65) })).Code);
        Assert.Equal("bad_key", Assert.Throws<VerbException>(() => ReactionRules.Check(new ReactRequest { EventId = "$e", Key = "a\u0007" })).Code);
        Assert.Equal("👍", ReactionRules.Check(new ReactRequest { EventId = "$e" }).Key);
    }
}
