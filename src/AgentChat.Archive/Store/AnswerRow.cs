using AgentChat.Accounting;
using AgentChat.Messages;

namespace AgentChat.Archive.Store;

/// <summary>One bridge answer's cost, for <c>bridge_answers</c>: who sent it (a registered agent), where, and what it said it cost.</summary>
internal sealed record AnswerRow(ChatMessage Message, string Agent, AnswerCost Cost)
{
    /// <summary>The row for <paramref name="m"/> when it is a bridge answer from a registered agent under its own name, else null.</summary>
    public static AnswerRow? Of(ChatMessage m) =>
        !m.Human && m.Instance is { } agent && !m.Spoofed && AnswerCostReader.Read(m) is { } cost ? new AnswerRow(m, agent, cost) : null;
}
