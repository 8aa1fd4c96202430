using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Decisions;

/// <summary>
/// An <c>m.poll.start</c> read totally (strangers write polls too): the spec's <c>m.poll</c> block, else the
/// <c>m.poll.start</c> block Element Web writes; the question, up to 20 answers, and AgentChat's rules in
/// <c>com.aiagentchat.meta.decision</c> (who may answer, until when, the task waiting on it). Null when it is no poll.
/// </summary>
public sealed record DecisionPoll(
    string Id, string RoomId, string Asker, string Question, IReadOnlyList<DecisionChoice> Choices,
    IReadOnlyList<string> From, IReadOnlyList<string> Asked, long? ExpiresAt, string? Task, long Ts)
{
    public const string MetaKey = "decision";
    private const int MaxAnswers = 20;
    private const int MaxText = 4000;
    private static readonly string[] Blocks = ["m.poll", "m.poll.start", "org.matrix.msc3381.poll.start"];

    public static DecisionPoll? Read(MatrixEvent e)
    {
        if (e.Type is not (EventTypes.PollStart or "org.matrix.msc3381.poll.start")) return null;
        if (e.EventId?.Value is not { Length: > 1 } id || e.Sender?.Value is not { Length: > 0 } sender) return null;
        if (e.Content.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in Blocks)
        {
            if (!e.Content.TryGetProperty(name, out var poll) || poll.ValueKind != JsonValueKind.Object) continue;
            var question = poll.TryGetProperty("question", out var q) ? TextOf(q) : null;
            var choices = Answers(poll);
            if (question is null || choices.Count == 0) continue;
            var (from, expires, task) = Rules(e.Content);
            var asked = e.Content.TryGetProperty("m.mentions", out var m) ? ValidUsers(JsonFields.Strings(m, "user_ids")) : [];
            return new DecisionPoll(id, e.RoomId?.Value ?? "", sender, question, choices, from, asked, expires, task, e.OriginServerTs);
        }
        return null;
    }

    private static List<DecisionChoice> Answers(JsonElement poll)
    {
        var choices = new List<DecisionChoice>();
        if (!poll.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array) return choices;
        foreach (var a in answers.EnumerateArray())
        {
            if (choices.Count == MaxAnswers) break;
            if (a.ValueKind != JsonValueKind.Object) continue;
            var answerId = JsonFields.String(a, "m.id") ?? JsonFields.String(a, "id");
            if (answerId is not { Length: > 0 and <= 100 } || TextOf(a) is not { } text || choices.Any(c => c.Id == answerId)) continue;
            choices.Add(new DecisionChoice(answerId, text, DecisionChoices.EmojiOf(choices.Count)));
        }
        return choices;
    }

    /// <summary>An extensible-events text: <c>m.text</c> as blocks (the spec) or a string (older clients), or <c>org.matrix.msc1767.text</c>.</summary>
    internal static string? TextOf(JsonElement holder)
    {
        if (holder.ValueKind != JsonValueKind.Object) return null;
        string? text = null;
        if (holder.TryGetProperty("m.text", out var t))
        {
            if (t.ValueKind == JsonValueKind.String) text = t.GetString();
            else if (t.ValueKind == JsonValueKind.Array)
                text = t.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object && JsonFields.String(b, "mimetype") is null or "text/plain")
                    .Select(b => JsonFields.String(b, "body")).FirstOrDefault(b => b is not null);
        }
        text ??= JsonFields.String(holder, "org.matrix.msc1767.text") ?? JsonFields.String(holder, "body");
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        return text.Length > MaxText ? text[..MaxText] : text;
    }

    private static (IReadOnlyList<string> From, long? Expires, string? Task) Rules(JsonElement content)
    {
        if (!content.TryGetProperty(MessageComposer.MetaKey, out var meta) || meta.ValueKind != JsonValueKind.Object
            || !meta.TryGetProperty(MetaKey, out var d) || d.ValueKind != JsonValueKind.Object) return ([], null, null);
        var expires = JsonFields.Long(d, "expires_at") is { } x && x > 0 ? x : (long?)null;
        var task = JsonFields.String(d, "task") is { Length: > 1 } t && t[0] == '$' ? t : null;
        return (ValidUsers(JsonFields.Strings(d, "from")), expires, task);
    }

    private static List<string> ValidUsers(IReadOnlyList<string> users) =>
        users.Where(u => UserId.TryParse(u, out _)).Distinct(StringComparer.Ordinal).Take(50).ToList();
}
