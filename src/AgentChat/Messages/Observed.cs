using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Messages;

/// <summary>
/// A message as the receipts, the loop guard and the unanswered list see it: the parsed message, whether it was
/// an <c>m.notice</c> (Matrix's automated-message type, which never counts and is never answered), and what its
/// meta says about hops and AgentChat's own notices. Meta is an agent's word only: a human's meta is ignored.
/// </summary>
public sealed record Observed(ChatMessage Message, bool Notice)
{
    /// <summary>The meta field AgentChat's own notices carry: <see cref="LoopGuardNotice"/> or <see cref="DigestNotice"/>.</summary>
    public const string NoticeField = "notice";
    public const string LoopGuardNotice = "loop_guard";
    public const string DigestNotice = "digest";
    public const string HopsField = "hops";

    /// <summary><c>meta.hops</c> of an agent's message, when it is a sane number.</summary>
    public int? Hops => !Message.Human && Message.Meta is { ValueKind: JsonValueKind.Object } m && JsonFields.Long(m, HopsField) is { } h && h is >= 0 and <= 1_000_000
        ? (int)h : null;

    /// <summary>Which AgentChat notice this is (an agent's <c>m.notice</c> with <c>meta.notice</c>), else null.</summary>
    public string? NoticeTag => Notice && !Message.Human && Message.Meta is { ValueKind: JsonValueKind.Object } m ? JsonFields.String(m, NoticeField) : null;

    /// <summary>Pairs parsed messages with the raw events they came from (for the msgtype), in the messages' order.</summary>
    public static IReadOnlyList<Observed> Pair(IEnumerable<MatrixEvent> events, IEnumerable<ChatMessage> messages)
    {
        var notices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.EventId is { } id && e.ContentString("msgtype") == "m.notice") notices.Add(id.Value);
        }
        return messages.Select(m => new Observed(m, notices.Contains(m.EventId))).ToList();
    }
}
