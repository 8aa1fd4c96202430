using AgentChat.Messages;

namespace AgentChat.Accounting;

/// <summary>
/// What the bridge answers in a thread cost: the answers sent by registered agents under their own name (a human's
/// or a stranger's message claiming a cost, or one spoofing an instance, is not counted). Null when there is none.
/// </summary>
public static class ThreadCost
{
    public static CostTotals? Of(IEnumerable<ChatMessage> thread)
    {
        var answers = thread.Where(m => !m.Human && m.Instance is not null && !m.Spoofed).Select(AnswerCostReader.Read).OfType<AnswerCost>().ToList();
        return answers.Count == 0 ? null : CostTotals.Sum(answers);
    }
}
