using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Tasks;

/// <summary>
/// <c>meta.task</c>: <c>{"id", "state", "assignee", "due", "waiting_on"}</c>. Read totally (the room is hostile):
/// a field of the wrong type is absent, and a <c>task</c> that is not an object is <see cref="Malformed"/>.
/// </summary>
public sealed record TaskMeta(string? Id, string? State, string? Assignee, string? Due, IReadOnlyList<string> WaitingOn)
{
    public const string Key = "task";
    private const int MaxDue = 64;

    public static readonly TaskMeta Malformed = new(null, null, null, null, []);

    /// <summary>The message's <c>meta.task</c>; null when it has none, <see cref="Malformed"/> when it is not an object.</summary>
    public static TaskMeta? Read(ChatMessage m)
    {
        if (m.Meta is not { ValueKind: JsonValueKind.Object } meta || !meta.TryGetProperty(Key, out var task)) return null;
        if (task.ValueKind != JsonValueKind.Object) return Malformed;
        var assignee = JsonFields.String(task, "assignee");
        var due = JsonFields.String(task, "due");
        return new TaskMeta(
            JsonFields.String(task, "id"),
            JsonFields.String(task, "state"),
            UserId.TryParse(assignee, out var a) ? a.Value : null,
            due is { Length: > 0 and <= MaxDue } ? due : null,
            JsonFields.Strings(task, "waiting_on").Where(w => UserId.TryParse(w, out _)).Distinct(StringComparer.Ordinal).Take(20).ToList());
    }

    /// <summary><c>{"task": {...}}</c>, the meta a task message carries.</summary>
    public JsonElement ToMeta()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(Key);
            if (Id is not null) json.WriteString("id", Id);
            if (State is not null) json.WriteString("state", State);
            if (Assignee is not null) json.WriteString("assignee", Assignee);
            else json.WriteNull("assignee");
            if (Due is not null) json.WriteString("due", Due);
            else json.WriteNull("due");
            if (WaitingOn.Count > 0)
            {
                json.WriteStartArray("waiting_on");
                foreach (var w in WaitingOn) json.WriteStringValue(w);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray());
        return doc.RootElement.Clone();
    }
}
