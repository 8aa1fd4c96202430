using System.Text.Json;
using AgentChat.Messages;
using AgentChat.Messages.Wake;

namespace AgentChat.Bridge.Addressing;

/// <summary>
/// Whether the bridge answers a message. The core's rule (<see cref="AgentChat.Messages.Wake.Addressing"/>: a
/// mention, a DM, a human's <c>!task @bridge</c>, a reply to its message or a post in a thread it posted in) plus a
/// human's <c>!claude …</c> anywhere it follows, and a post in a thread it has taken on but not answered yet.
/// Never answered: its own messages, any <c>m.notice</c>/<c>[STATUS]</c>, AgentChat's own notices, task moves
/// (a thread reply carrying <c>meta.task</c>) and another bridge's answers that do not mention it. Then the sender
/// gate: own homeserver, or <c>AGENTCHAT_BRIDGE_ALLOW</c>.
/// </summary>
internal sealed class BridgeAddressing(string self, string instance, SenderGate gate)
{
    public Verdict Decide(ChatMessage m, bool inDirectRoom, ThreadParticipation threads, Func<string, bool> claimed)
    {
        if (m.Sender == self || m.Kind == MessageKind.Status) return Verdict.Ignore;
        if (HasMeta(m, "notice")) return Verdict.Ignore;
        if (m.Thread is not null && HasMeta(m, "task")) return Verdict.Ignore;
        if (HasMeta(m, "bridge") && !m.Mentions.Contains(self)) return Verdict.Ignore;
        var command = ClaudeCommand.Prompt(m);
        var addressed = command is not null
                        || AgentChat.Messages.Wake.Addressing.IsAddressedTo(m, self, inDirectRoom, threads, instance)
                        || (m.Thread is { } thread && claimed(thread));
        if (!addressed) return Verdict.Ignore;
        if (!gate.Allows(m.Sender)) return Verdict.Refused;
        return new Verdict(VerdictKind.Answer, command ?? m.Text);
    }

    private static bool HasMeta(ChatMessage m, string field) =>
        m.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty(field, out var v)
        && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
}
