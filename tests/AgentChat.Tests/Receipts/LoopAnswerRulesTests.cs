using AgentChat.LoopGuard;
using AgentChat.Messages;

namespace AgentChat.Tests.Receipts;

/// <summary>The core rule on its own: which messages answer another agent, and so count against the loop budget.</summary>
public sealed class LoopAnswerRulesTests
{
    private static readonly Func<string, bool> IsAgent = u => u.StartsWith("@a", StringComparison.Ordinal);

    private static Observed Msg(string id, string sender, string? replyTo = null, string? thread = null, string[]? mentions = null, string text = "x") =>
        new(new ChatMessage
        {
            EventId = id, RoomId = "!r:s", Sender = sender, Human = !IsAgent(sender), Kind = "chat", Text = text, Body = text, ReplyTo = replyTo, Thread = thread,
            Mentions = mentions ?? [],
        }, false);

    [Fact]
    public void Only_answers_to_another_agent_count()
    {
        var book = new AnswerBook();
        var budget = new LoopBudget(2);
        bool See(Observed o)
        {
            var answers = book.Observe(o, IsAgent);
            budget.Observe(o, answers);
            return answers;
        }

        Assert.False(See(Msg("$1", "@a1:s")));                                   // a plain post
        Assert.False(See(Msg("$2", "@a1:s", replyTo: "$1")));                    // a reply to itself
        Assert.False(See(Msg("$3", "@a1:s", thread: "$1")));                     // its own thread
        Assert.False(See(Msg("$4", "@a1:s", mentions: ["@h:s", "@a1:s"])));     // a human, itself
        Assert.True(See(Msg("$5", "@a2:s", replyTo: "$1")));                     // a reply to another agent
        Assert.False(See(Msg("$6", "@a1:s", thread: "$1")));                     // its own thread still: a2 replied outside it
        Assert.True(See(Msg("$7", "@a1:s", mentions: ["@a2:s"])));              // a mention of another agent
        Assert.Equal(1, budget.Used(LoopScope.Of("!r:s", null), "@a1:s"));
        Assert.Equal(0, budget.Used(LoopScope.Of("!r:s", "$1"), "@a1:s"));
        Assert.True(See(Msg("$9", "@a1:s", thread: "$5")));                      // a thread rooted by another agent

        See(Msg("$h", "@h:s", thread: "$1", text: "humans here"));                // a human in the thread: nobody else spoke since
        Assert.False(book.Answers(LoopScope.Of("!r:s", "$1"), "@a1:s", null, [], IsAgent));
        Assert.False(book.Answers(LoopScope.Of("!r:s", "$1"), "@a2:s", null, [], IsAgent));
        Assert.False(See(Msg("$8", "@a2:s", thread: "$1")));
        Assert.True(book.Answers(LoopScope.Of("!r:s", "$1"), "@a1:s", null, [], IsAgent));
    }

    [Fact]
    public void A_slot_in_flight_counts_until_given_back()
    {
        var budget = new LoopBudget(2);
        var scope = LoopScope.Of("!r:s", null);
        Assert.True(budget.TryReserve(scope, "@a:s"));
        Assert.True(budget.TryReserve(scope, "@a:s"));
        Assert.False(budget.TryReserve(scope, "@a:s"));
        budget.Release(scope, "@a:s");
        budget.Count("$1", scope, "@a:s");
        Assert.False(budget.Allows(scope, "@a:s"));
        budget.Release(scope, "@a:s");
        Assert.True(budget.Allows(scope, "@a:s"));
    }
}
