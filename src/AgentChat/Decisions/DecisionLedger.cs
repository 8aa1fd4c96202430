using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Decisions;

/// <summary>
/// Folds a poll and the events relating to it, in room order, into a <see cref="DecisionView"/>. Pure, and total: every
/// related event is a stranger's. The first valid answer from an allowed responder decides: an <c>m.poll.response</c> whose
/// first selection (max_selections is 1) names an answer id, or a reaction with a choice's emoji. Allowed is the poll's
/// <c>from</c> list, else any human; a reaction on the asker's text line (<see cref="DecisionCompanion"/>) counts as one on the poll (from the sender, never from what an event claims). Anything else that tried to answer
/// is counted as ignored with its reason, and so is everything after the asker's <c>m.poll.end</c> or the deadline.
/// </summary>
public static class DecisionLedger
{
    public static DecisionView Derive(DecisionPoll poll, IEnumerable<MatrixEvent> related, SenderDirectory senders, long nowMs, string? companion = null)
    {
        var answers = new List<DecisionAnswer>();
        var ignored = new Dictionary<string, int>(StringComparer.Ordinal);
        var closed = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in related)
        {
            if (e.EventId?.Value is not { } id || !seen.Add(id) || e.Sender?.Value is not { } sender) continue;
            if (Relation(e) is not ({ } relType, { } target)) continue;
            // on the asker's text line only a reaction counts, as if it were on the poll
            if (target != poll.Id && (companion is null || target != companion || e.Type != EventTypes.Reaction)) continue;
            if (e.Type is EventTypes.PollEnd or EventTypes.UnstablePollEnd && relType == "m.reference")
            {
                // MSC3381: an end from anyone but the poll's creator is invalid
                if (sender == poll.Asker) closed = true;
                else Count(ignored, "end_not_asker");
                continue;
            }
            var (choice, via, problem) = e.Type switch
            {
                EventTypes.PollResponse or EventTypes.UnstablePollResponse when relType == "m.reference" => Selection(e, poll),
                EventTypes.Reaction when relType == "m.annotation" => Reaction(e, poll),
                _ => (null, null, null),
            };
            if (via is null) continue; // another relation (a thread reply, a 👍): no attempt to answer
            var reason = problem
                         ?? (closed ? "after_end" : null)
                         ?? (poll.ExpiresAt is { } end && e.OriginServerTs > end ? "late" : null)
                         ?? (Allowed(poll, sender, senders) ? null : "not_allowed");
            if (reason is not null || choice is null)
            {
                Count(ignored, reason ?? "malformed");
                continue;
            }
            answers.Add(new DecisionAnswer
            {
                ChoiceId = choice.Id, Choice = choice.Text, Emoji = choice.Emoji, By = sender, ByInstance = senders.IsHuman(sender) ? null : senders.InstanceOf(sender),
                Human = senders.IsHuman(sender), Via = via, EventId = id, Ts = e.OriginServerTs,
            });
        }
        var answer = answers.FirstOrDefault();
        var state = answer is not null ? DecisionStates.Decided
            : closed ? DecisionStates.Closed
            : poll.ExpiresAt is { } deadline && nowMs > deadline ? DecisionStates.Expired
            : DecisionStates.Open;
        return new DecisionView
        {
            Id = poll.Id, RoomId = poll.RoomId, Question = poll.Question, Asker = poll.Asker,
            AskerInstance = senders.IsHuman(poll.Asker) ? null : senders.InstanceOf(poll.Asker),
            Choices = poll.Choices.Select(c => c with { Votes = answers.Count(a => a.ChoiceId == c.Id) }).ToList(),
            From = poll.From, Asked = poll.Asked, ExpiresAt = poll.ExpiresAt, Task = poll.Task, State = state, Answer = answer, Answers = answers,
            Ignored = ignored.Values.Sum(), IgnoredReasons = ignored, Closed = closed, Ts = poll.Ts, CompanionId = companion,
        };
    }

    /// <summary>Whether <paramref name="sender"/> may answer: named in <c>from</c>, or (with none named) a human who is not the asker.</summary>
    public static bool Allowed(DecisionPoll poll, string sender, SenderDirectory senders) =>
        poll.From.Count > 0 ? poll.From.Contains(sender, StringComparer.Ordinal) : sender != poll.Asker && senders.IsHuman(sender);

    /// <summary>The event's relation type and target, when it has a well-formed <c>m.relates_to</c>.</summary>
    public static (string? RelType, string? Target) Relation(MatrixEvent e)
    {
        if (e.Content.ValueKind != JsonValueKind.Object || !e.Content.TryGetProperty("m.relates_to", out var rel) || rel.ValueKind != JsonValueKind.Object)
            return (null, null);
        return (JsonFields.String(rel, "rel_type"), JsonFields.String(rel, "event_id"));
    }

    /// <summary>
    /// The spec's <c>m.selections</c>, or the <c>answers</c> of Element Web's <c>m.poll.response</c> block. Truncated to the
    /// first (max_selections 1) as MSC3381 says; a selection that names no answer id spoils the vote.
    /// </summary>
    private static (DecisionChoice?, string?, string?) Selection(MatrixEvent e, DecisionPoll poll)
    {
        JsonElement list = default;
        var found = e.Content.TryGetProperty("m.selections", out list)
                    || TryBlock(e.Content, "m.poll.response", out list) || TryBlock(e.Content, "org.matrix.msc3381.poll.response", out list);
        if (!found || list.ValueKind != JsonValueKind.Array) return (null, "poll", "malformed");
        var first = list.EnumerateArray().FirstOrDefault();
        if (first.ValueKind == JsonValueKind.Undefined) return (null, "poll", "no_selection");
        if (first.ValueKind != JsonValueKind.String) return (null, "poll", "malformed");
        var choice = poll.Choices.FirstOrDefault(c => c.Id == first.GetString());
        return choice is null ? (null, "poll", "unknown_choice") : (choice, "poll", null);
    }

    private static bool TryBlock(JsonElement content, string name, out JsonElement answers)
    {
        answers = default;
        return content.TryGetProperty(name, out var block) && block.ValueKind == JsonValueKind.Object && block.TryGetProperty("answers", out answers);
    }

    /// <summary>A reaction counts as an answer attempt only when its key is one of the choices' emoji; others are just reactions.</summary>
    private static (DecisionChoice?, string?, string?) Reaction(MatrixEvent e, DecisionPoll poll)
    {
        var rel = e.Content.GetProperty("m.relates_to");
        if (JsonFields.String(rel, "key") is not { Length: > 0 and <= 64 } key || DecisionChoices.ByReaction(poll.Choices, key) is not { } choice)
            return (null, null, null);
        return (choice, "reaction", null);
    }

    private static void Count(Dictionary<string, int> ignored, string reason) => ignored[reason] = ignored.GetValueOrDefault(reason) + 1;
}
