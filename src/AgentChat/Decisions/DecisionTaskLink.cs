using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tasks;

namespace AgentChat.Decisions;

/// <summary>
/// A task blocked on a decision: its block move carries <c>meta.task.decision</c> (the poll's id), so the room itself says
/// which tasks wait on which decisions and a restarted daemon finds them again. The resume is a <c>start</c> move with a
/// note of the answer; its transaction id is made from the task and the decision, so it is sent once.
/// </summary>
public static class DecisionTaskLink
{
    public const string Field = "decision";

    public static SendRequest Block(TaskView task, DecisionView decision, string actor, string label, bool actorHuman, string? note, string? txnId)
    {
        var waiting = decision.From.Count > 0 ? decision.From : decision.Asked;
        var move = TaskMessages.Move(task, "block", actor, label, actorHuman, null, null,
            note ?? $"waiting on decision {decision.Id}: {decision.Question}", waiting.Take(20).ToList(), null, task.RoomId, txnId);
        return move with { Meta = WithDecision(move.Meta!.Value, decision.Id) };
    }

    public static SendRequest Resume(TaskView task, DecisionView decision, string actor, string label)
    {
        var note = decision.Answer is { } a
            ? $"decision {decision.Id} answered: {a.Choice} (by {a.By})"
            : $"decision {decision.Id} {decision.State} without an answer";
        var move = TaskMessages.Move(task, "start", actor, label, false, null, null, note, [], null, task.RoomId,
            DecisionTxn.For("decision.resume.", task.Id, decision.Id));
        return move with { Meta = WithDecision(move.Meta!.Value, decision.Id) };
    }

    /// <summary>The decision a task message names in <c>meta.task.decision</c>; null when none (or not an event id).</summary>
    public static string? DecisionOf(ChatMessage m) =>
        m.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty(TaskMeta.Key, out var task) && task.ValueKind == JsonValueKind.Object
        && JsonFields.String(task, Field) is { Length: > 1 and <= 255 } id && id[0] == '$' ? id : null;

    /// <summary>
    /// The decision <paramref name="task"/> is blocked on now: the applied move that blocked it last names one, and was sent
    /// by <paramref name="by"/> (the agent whose daemon resumes it). Null when the task is not blocked so.
    /// </summary>
    public static string? BlockedOn(TaskView task, IReadOnlyList<ChatMessage> thread, string by)
    {
        if (task.State != TaskStates.Blocked || task.History?.LastOrDefault(h => h.Applied) is not { State: TaskStates.Blocked } last || last.Sender != by) return null;
        return thread.FirstOrDefault(m => m.EventId == last.EventId) is { } move ? DecisionOf(move) : null;
    }

    private static JsonElement WithDecision(JsonElement meta, string decisionId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in meta.EnumerateObject())
            {
                if (field.Name != TaskMeta.Key || field.Value.ValueKind != JsonValueKind.Object)
                {
                    field.WriteTo(json);
                    continue;
                }
                json.WriteStartObject(TaskMeta.Key);
                foreach (var inner in field.Value.EnumerateObject()) inner.WriteTo(json);
                json.WriteString(Field, decisionId);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray());
        return doc.RootElement.Clone();
    }
}
