using System.Text;
using System.Text.Json;
using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Tests.Decisions;

/// <summary>The decision rules on hand-made events: what counts as an answer, and the hostile input that must change nothing.</summary>
public sealed class DecisionLedgerTests
{
    private const string Poll = "$poll";
    private const string Asker = "@alpha:hs";
    private const string Human = "@alice:hs";
    private const string Agent = "@beta:hs";
    private static readonly SenderDirectory Senders = SenderDirectory.FromState([Entry(Asker, "alpha"), Entry(Agent, "beta")]);
    private static readonly IReadOnlyList<DecisionChoice> Choices = DecisionChoices.Parse(["yes|no|later"]);

    [Fact]
    public void The_poll_reads_back_in_both_blocks_with_emoji_mentions_and_rules()
    {
        var content = DecisionContent.Start("Deploy to prod?", Choices, [(Human, "alice")], [], 5_000, "$task", "alpha");
        using var doc = JsonDocument.Parse(content);
        var root = doc.RootElement;
        Assert.Equal("m.disclosed", root.GetProperty("m.poll").GetProperty("kind").GetString());
        Assert.Equal(["1", "2", "3"], root.GetProperty("m.poll").GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("m.id").GetString()));
        Assert.Equal("m.poll.disclosed", root.GetProperty("m.poll.start").GetProperty("kind").GetString());
        Assert.Equal("no", root.GetProperty("m.poll.start").GetProperty("answers")[1].GetProperty("m.text").GetString());
        Assert.Equal([Human], root.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        var body = root.GetProperty("body").GetString()!;
        Assert.StartsWith("[DECISION] @alice: Deploy to prod?\n1️⃣ yes\n2️⃣ no\n3️⃣ later", body, StringComparison.Ordinal);
        Assert.Contains("https://matrix.to/#/@alice:hs", root.GetProperty("formatted_body").GetString(), StringComparison.Ordinal);

        var poll = DecisionPoll.Read(Start(content))!;
        Assert.Equal(("Deploy to prod?", 5_000L, "$task", Asker), (poll.Question, poll.ExpiresAt!.Value, poll.Task, poll.Asker));
        Assert.Equal(Choices, poll.Choices);
        Assert.Equal([Human], poll.Asked);
    }

    [Fact]
    public void The_first_human_answer_decides_and_an_agents_vote_is_ignored_and_counted()
    {
        var view = Derive([Response(Agent, "1", "$a"), Response(Human, "2", "$b"), Response("@bob:hs", "1", "$c")]);
        Assert.Equal(DecisionStates.Decided, view.State);
        Assert.Equal(("no", Human, "poll"), (view.Answer!.Choice, view.Answer.By, view.Answer.Via));
        Assert.Equal(2, view.Answers.Count); // bob's later answer is listed, it decides nothing
        Assert.Equal(1, view.Ignored);
        Assert.Equal(1, view.IgnoredReasons["not_allowed"]);
        Assert.Equal([1, 1, 0], view.Choices.Select(c => c.Votes));
    }

    [Theory]
    [InlineData("2️⃣")]
    [InlineData("2⃣")] // without the variation selector, as some clients send it
    public void A_reaction_with_the_choices_emoji_answers_and_other_reactions_are_just_reactions(string key)
    {
        var view = Derive([Reaction(Human, "👀", "$a"), Reaction(Human, "👍", "$b"), Reaction(Agent, "1️⃣", "$c"), Reaction(Human, key, "$d")]);
        Assert.Equal(("no", "reaction"), (view.Answer!.Choice, view.Answer.Via));
        Assert.Equal(1, view.Ignored); // only the agent's choice emoji was an attempt
    }

    [Fact]
    public void Only_the_named_responders_may_answer_when_from_is_given_even_agents()
    {
        var view = Derive([Response(Human, "1", "$a"), Response(Agent, "3", "$b")], from: [Agent]);
        Assert.Equal(("later", Agent, "beta"), (view.Answer!.Choice, view.Answer.By, view.Answer.ByInstance));
        Assert.Equal(1, view.IgnoredReasons["not_allowed"]);
    }

    [Fact]
    public void Forged_and_malformed_responses_change_nothing_and_are_counted()
    {
        var selections = "[" + string.Join(',', Enumerable.Repeat("\"9\"", 10_000)) + "]";
        List<MatrixEvent> hostile =
        [
            Raw(EventTypes.PollResponse, Human, "$1", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"$other"},"m.selections":["1"]}"""),
            Raw(EventTypes.PollResponse, Human, "$2", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.selections":{{selections}}}"""),
            Raw(EventTypes.PollResponse, Human, "$3", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.selections":"1"}"""),
            Raw(EventTypes.PollResponse, Human, "$4", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.selections":[1]}"""),
            Raw(EventTypes.PollResponse, Human, "$5", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.selections":[]}"""),
            Raw(EventTypes.PollResponse, Human, "$6", $$"""{"m.relates_to":"{{Poll}}","m.selections":["1"]}"""),
            Raw(EventTypes.PollResponse, Human, "$7", "[1,2,3]"),
            Raw(EventTypes.PollEnd, Agent, "$8", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.text":[{"body":"closed"}]}"""),
            Raw(EventTypes.Reaction, Human, "$9", """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$poll","key":{"x":1}}}"""),
        ];
        var view = Derive(hostile);
        Assert.Equal(DecisionStates.Open, view.State);
        Assert.Null(view.Answer);
        Assert.False(view.Closed); // an end from anyone but the asker is invalid
        Assert.Equal(["end_not_asker 1", "malformed 2", "no_selection 1", "unknown_choice 1"],
            view.IgnoredReasons.Select(r => $"{r.Key} {r.Value}").Order(StringComparer.Ordinal));
        // the real answer after all of it still decides
        Assert.Equal("yes", Derive([.. hostile, Response(Human, "1", "$10")]).Answer!.Choice);
    }

    [Fact]
    public void Answers_after_the_askers_end_or_the_deadline_do_not_count()
    {
        var end = Raw(EventTypes.PollEnd, Asker, "$e", $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.text":[{"body":"closed"}]}""");
        var closed = Derive([end, Response(Human, "1", "$a")]);
        Assert.Equal((DecisionStates.Closed, 1), (closed.State, closed.IgnoredReasons["after_end"]));

        var late = Derive([Response(Human, "1", "$a", ts: 6_000)], expiresAt: 5_000, now: 7_000);
        Assert.Equal((DecisionStates.Expired, 1), (late.State, late.IgnoredReasons["late"]));
        Assert.Equal(DecisionStates.Open, Derive([], expiresAt: 5_000, now: 4_000).State);
    }

    [Fact]
    public void Element_webs_response_block_counts_too()
    {
        var view = Derive([Raw("org.matrix.msc3381.poll.response", Human, "$a",
            $$$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{{Poll}}}"},"org.matrix.msc3381.poll.response":{"answers":["3"]}}""")]);
        Assert.Equal("later", view.Answer!.Choice);
    }

    [Fact]
    public void A_poll_that_is_not_one_reads_as_none()
    {
        Assert.Null(DecisionPoll.Read(Raw(EventTypes.PollStart, Asker, Poll, """{"m.poll":{"question":{"m.text":[{"body":"Q"}]},"answers":"no"}}""")));
        Assert.Null(DecisionPoll.Read(Raw(EventTypes.PollStart, Asker, Poll, """{"m.poll":{"question":7,"answers":[{"m.id":"a","m.text":[{"body":"A"}]}]}}""")));
        Assert.Null(DecisionPoll.Read(Raw(EventTypes.RoomMessage, Asker, Poll, """{"body":"hi"}""")));
        Assert.Throws<AgentChat.Verbs.VerbException>(() => DecisionChoices.Parse(["yes"]));
        Assert.Throws<AgentChat.Verbs.VerbException>(() => DecisionChoices.Parse(["yes|YES"]));
        Assert.Throws<AgentChat.Verbs.VerbException>(() => DecisionChoices.Parse([string.Join('|', Enumerable.Range(0, 11))]));
    }

    private static DecisionView Derive(IEnumerable<MatrixEvent> related, IReadOnlyList<string>? from = null, long? expiresAt = null, long now = 1_000)
    {
        var poll = new DecisionPoll(Poll, "!r:hs", Asker, "Deploy to prod?", Choices, from ?? [], [Human], expiresAt, null, 0);
        return DecisionLedger.Derive(poll, related, Senders, now);
    }

    private static MatrixEvent Start(byte[] content) => Raw(EventTypes.PollStart, Asker, Poll, Encoding.UTF8.GetString(content));

    private static MatrixEvent Response(string sender, string choice, string id, long ts = 500) => Raw(EventTypes.PollResponse, sender, id,
        $$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{Poll}}"},"m.selections":["{{choice}}"]}""", ts);

    private static MatrixEvent Reaction(string sender, string key, string id) => Raw(EventTypes.Reaction, sender, id,
        $$$"""{"m.relates_to":{"rel_type":"m.annotation","event_id":"{{{Poll}}}","key":"{{{key}}}"}}""");

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
