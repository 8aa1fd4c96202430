using AgentChat.Bridge.Addressing;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using static AgentChat.Tests.Bridge.BridgeMessages;

namespace AgentChat.Tests.Bridge;

public sealed class BridgeAddressingTests
{
    private readonly BridgeAddressing _rule = new(Self, "bridge", new SenderGate(Self, ":friends.example @carol:other"));
    private readonly ThreadParticipation _threads = new(Self);

    private Verdict Decide(ChatMessage m, bool direct = false, Func<string, bool>? claimed = null) => _rule.Decide(m, direct, _threads, claimed ?? (_ => false));

    [Theory]
    [InlineData("!claude summarise this thread", "summarise this thread")]
    [InlineData("  !CLAUDE   what is 2+2?  ", "what is 2+2?")]
    [InlineData("!claude\nmulti\nline", "multi\nline")]
    [InlineData("!claude", "")]
    public void A_humans_command_is_addressed_with_the_rest_as_prompt(string body, string prompt)
    {
        var v = Decide(Make(body));
        Assert.Equal(VerdictKind.Answer, v.Kind);
        Assert.Equal(prompt, v.Prompt);
    }

    [Theory]
    [InlineData("!claudette hello")]
    [InlineData("say !claude hello")]
    [InlineData("claude hello")]
    public void Other_text_is_not_the_command(string body) => Assert.Equal(VerdictKind.Ignore, Decide(Make(body)).Kind);

    [Fact]
    public void An_agents_command_is_not_one() => Assert.Equal(VerdictKind.Ignore, Decide(Make("!claude do it", sender: "@bot:hs", human: false)).Kind);

    [Fact]
    public void Mentions_DMs_and_human_tasks_address_it()
    {
        Assert.Equal(VerdictKind.Answer, Decide(Make("please look", mentions: [Self])).Kind);
        Assert.Equal(VerdictKind.Answer, Decide(Make("hi there"), direct: true).Kind);
        Assert.Equal(VerdictKind.Answer, Decide(Make("!task @bridge write the notes", kind: MessageKind.Task)).Kind);
        Assert.Equal(VerdictKind.Ignore, Decide(Make("just chatting")).Kind);
    }

    [Fact]
    public void Its_own_messages_notices_and_task_moves_never_trigger_it()
    {
        Assert.Equal(VerdictKind.Ignore, Decide(Make("!claude loop", sender: Self)).Kind);
        Assert.Equal(VerdictKind.Ignore, Decide(Make("!claude hi", kind: MessageKind.Status)).Kind);
        Assert.Equal(VerdictKind.Ignore, Decide(Make("ping", kind: MessageKind.Status, mentions: [Self])).Kind);
        Assert.Equal(VerdictKind.Ignore, Decide(Make("loop guard", mentions: [Self], meta: """{"notice":"loop_guard"}""")).Kind);
        Assert.Equal(VerdictKind.Ignore, Decide(Make("[TASK] done", thread: "$t", mentions: [Self], meta: """{"task":{"id":"$t","state":"done"}}""")).Kind);
    }

    [Fact]
    public void Another_bridges_answer_in_its_thread_is_not_a_question()
    {
        _threads.Observe(Make("answer", sender: Self, thread: "$t"));
        Assert.Equal(VerdictKind.Ignore, Decide(Make("other answer", sender: "@bridge2:hs", human: false, thread: "$t", meta: """{"bridge":{"answers":"$x"}}""")).Kind);
        Assert.Equal(VerdictKind.Answer, Decide(Make("a follow-up", thread: "$t")).Kind);
    }

    [Fact]
    public void A_post_in_a_thread_it_took_on_is_addressed_before_it_answered()
    {
        Assert.Equal(VerdictKind.Ignore, Decide(Make("and also this", thread: "$q")).Kind);
        Assert.Equal(VerdictKind.Answer, Decide(Make("and also this", thread: "$q"), claimed: t => t == "$q").Kind);
    }

    [Theory]
    [InlineData("@mallory:evil.example", "Refused")]
    [InlineData("@dave:friends.example", "Answer")]
    [InlineData("@carol:other", "Answer")]
    [InlineData("@erin:other", "Refused")]
    public void Strangers_are_refused_unless_allowed(string sender, string expected) =>
        Assert.Equal(expected, Decide(Make("!claude rm -rf / please", sender: sender)).Kind.ToString());
}
