using AgentChat.Messages;

namespace AgentChat.Tasks;

/// <summary>The one place a task's state is decided: folded from the room's messages, in room order.</summary>
public static class TaskLedger
{
    /// <summary>Every task among <paramref name="oldestFirst"/> (roots and thread replies of one room), oldest first.</summary>
    public static IReadOnlyList<TaskView> Derive(IEnumerable<ChatMessage> oldestFirst, TaskDirectory directory, bool withHistory = false)
    {
        var tasks = new Dictionary<string, TaskBuilder>(StringComparer.Ordinal);
        var order = new List<TaskBuilder>();
        foreach (var m in oldestFirst)
        {
            if (m.Thread is { } thread)
            {
                if (tasks.TryGetValue(thread, out var task)) task.Apply(m);
            }
            else if (!tasks.ContainsKey(m.EventId) && TaskRoot.TryRead(m, directory) is { } opening)
            {
                var task = new TaskBuilder(m, opening, directory);
                tasks[m.EventId] = task;
                order.Add(task);
            }
        }
        return order.Select(t => t.Build(withHistory)).ToList();
    }
}
