using System.Text;
using System.Text.Json;
using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Tests.Decisions;

/// <summary>The poll's text line for clients without polls, on hand-made events: what it says, and which reactions on it count.</summary>
public sealed class DecisionCompanionTests
{
    private const string Poll = "$poll";
    private const string Line = "$line";
    private const string Asker = "@alpha:hs";
    private const string Human = "@alice:hs";
    private const string Agent = "@beta:hs";
    private static readonly SenderDirectory Senders = SenderDirectory.FromState([Entry(Asker, "alpha"), Entry(Agent, "beta")]);
    private static readonly IReadOnlyList<DecisionChoice> Choices = DecisionChoices.Parse(["yes|no|later"]);
    private static readonly DecisionPoll ThePoll = new(Poll, "!r:hs", Asker, "Deploy <now>?", Choices, [], [Human], null, null, 0);

    [Fact]
    public void The_line_is_an_automated_notice_with_the_choices_and_the_mentions_referencing_the_poll()
    {
        var content = DecisionCompanion.Content(Poll, "Deploy <now>?", Choices, [(Human, "alice")], null, "alpha");
        using var doc = JsonDocument.Parse(content);
        var root = doc.RootElement;
        Assert.Equal("m.notice", root.GetProperty("msgtype").GetString());
        Assert.Equal("[DECISION] @alice: Deploy <now>?\n1️⃣ yes\n2️⃣ no\n3️⃣ later\n(vote in the poll, or react to this message with the number)",
            root.GetProperty("body").GetString());
        Assert.Contains("Deploy &lt;now&gt;?", root.GetProperty("formatted_body").GetString(), StringComparison.Ordinal);
        Assert.Equal([Human], root.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        var e = Raw(EventTypes.RoomMessage, Asker, Line, Encoding.UTF8.GetString(content));
        Assert.Equal(Poll, DecisionCompanion.PollOf(e));
        // what agents read: a status notice tagged as AgentChat's own, which no one answers
        var observed = Observed.Pair([e], [MessageParser.TryParse(e, new RoomId("!r:hs"), null, Senders)!]).Single();
        Assert.Equal((MessageKind.Status, DecisionCompanion.Tag), (observed.Message.Kind, observed.NoticeTag));
        Assert.Equal(DecisionCompanion.Txn(Poll), DecisionCompanion.Txn(Poll));
        Assert.NotEqual(DecisionCompanion.Txn(Poll), DecisionCompanion.Txn("$other"));
    }

    [Fact]
    public void Only_the_askers_line_counts_and_on_it_only_choice_reactions()
    {
        var line = Companion(Asker, Line);
        var forged = Companion(Human, "$forged");
        Assert.Equal(Line, DecisionCompanion.Find(ThePoll, [forged, line, Companion(Asker, "$later")]));
        Assert.Null(DecisionCompanion.Find(ThePoll, [forged]));
        Assert.Null(DecisionCompanion.Find(ThePoll, [Raw(EventTypes.RoomMessage, Asker, Line,
            $$$"""{"msgtype":"m.notice","body":"x","m.relates_to":{"rel_type":"m.thread","event_id":"{{{Poll}}}"},"com.aiagentchat.meta":{"notice":"decision"}}""")]));
        foreach (var hostile in new[]
                 {
                     """{"body":"x","m.relates_to":{"rel_type":"m.reference","event_id":"$poll"},"com.aiagentchat.meta":"decision"}""",
                     """{"body":"x","m.relates_to":{"rel_type":"m.reference","event_id":"$poll"},"com.aiagentchat.meta":{"notice":7}}""",
                     """{"body":"x","m.relates_to":{"rel_type":"m.reference","event_id":["$poll"]},"com.aiagentchat.meta":{"notice":"decision"}}""",
                     """{"body":"x","m.relates_to":"$poll","com.aiagentchat.meta":{"notice":"decision"}}""",
                     """{"body":"x","m.relates_to":{"rel_type":"m.reference","event_id":"poll"},"com.aiagentchat.meta":{"notice":"decision"}}""",
                     "[]",
                 })
            Assert.Null(DecisionCompanion.PollOf(Raw(EventTypes.RoomMessage, Asker, Line, hostile)));

        // on the forged line, on another event, or a response to the line: nothing; the agent's reaction: not allowed
        var related = DecisionRelations.Merge([line, Reaction(Human, "1️⃣", "$a", "$forged", 10)],
            [Reaction(Agent, "1️⃣", "$b", Line, 20), Response(Human, "1", "$c", Line, 30), Reaction(Human, "1️⃣", "$d", "$elsewhere", 40),
             Reaction(Human, "👍", "$e", Line, 50), Reaction(Human, "2️⃣", "$f", Line, 60), Reaction(Human, "3️⃣", "$g", Line, 70)]);
        var view = DecisionLedger.Derive(ThePoll, related, Senders, 1_000, DecisionCompanion.Find(ThePoll, related));
        Assert.Equal((DecisionStates.Decided, "no", "reaction", "$f", Line), (view.State, view.Answer!.Choice, view.Answer.Via, view.Answer.EventId, view.CompanionId));
        Assert.Equal(1, view.IgnoredReasons["not_allowed"]);
        Assert.Equal(1, view.Ignored);
        Assert.Null(DecisionLedger.Derive(ThePoll, related, Senders, 1_000).Answer); // without the line known, nothing on it counts
    }

    [Fact]
    public void The_first_answer_in_time_wins_across_the_poll_and_its_line()
    {
        var onPoll = Reaction(Human, "1️⃣", "$p", Poll, 200);
        var onLine = Reaction(Human, "2️⃣", "$l", Line, 100);
        var merged = DecisionRelations.Merge([Companion(Asker, Line), onPoll], [onLine]);
        Assert.Equal([Line, "$l", "$p"], merged.Select(e => e.EventId!.Value.Value));
        Assert.Equal("no", DecisionLedger.Derive(ThePoll, merged, Senders, 1_000, Line).Answer!.Choice);
    }

    private static MatrixEvent Companion(string sender, string id) =>
        Raw(EventTypes.RoomMessage, sender, id, Encoding.UTF8.GetString(DecisionCompanion.Content(Poll, "Deploy?", Choices, [], null, "alpha")), 50);

    private static MatrixEvent Response(string sender, string choice, string id, string target, long ts) => Raw(EventTypes.PollResponse, sender, id,
        $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{target}}"},"m.selections":["{{choice}}"]}""", ts);

    private static MatrixEvent Reaction(string sender, string key, string id, string target, long ts) => Raw(EventTypes.Reaction, sender, id,
        $$$"""{"m.relates_to":{"rel_type":"m.annotation","event_id":"{{{target}}}","key":"{{{key}}}"}}""", ts);

    private static MatrixEvent Raw(string type, string sender, string id, string content, long ts = 500)
    {
        using var doc = JsonDocument.Parse(content);
        return new MatrixEvent { Type = type, Sender = new UserId(sender), EventId = new EventId(id), RoomId = new RoomId("!r:hs"), OriginServerTs = ts, Content = doc.RootElement.Clone() };
    }

    private static MatrixEvent Entry(string user, string instance)
    {
        using var doc = JsonDocument.Parse($$"""{"instance":"{{instance}}","kind":"persistent","status":"online","user_id":"{{user}}"}""");
        return new MatrixEvent { Type = InstanceEntry.EventType, StateKey = user, Sender = new UserId(user), EventId = new EventId("$s" + instance), Content = doc.RootElement.Clone() };
    }
}
