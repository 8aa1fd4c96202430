using AgentChat.Messages;

namespace AgentChat.Tasks;

/// <summary>
/// A human moving a task by typing in its thread, from any client: <c>!done</c>, <c>!block need the numbers</c>,
/// <c>!cancel</c>, <c>!assign @gamma</c>, <c>!start</c>, <c>!accept</c>, <c>!fail reason</c>. Read as the
/// <c>meta.task</c> it stands for, so the derivation judges it by the same rules as any move; only a human's
/// message is read so (an agent moves tasks with <c>meta.task</c>), and a word that is no action is chat.
/// </summary>
public static class HumanTaskCommand
{
    /// <summary>The move a human's thread reply types, as <c>meta.task</c> for task <paramref name="taskId"/>; null when it types none.</summary>
    public static TaskMeta? Read(ChatMessage m, string taskId, TaskDirectory directory)
    {
        if (Parse(m.Body) is not { } parsed) return null;
        var (action, argument) = parsed;
        string? assignee = null;
        if (action == TaskActions.Assign)
        {
            var first = argument.Split([' ', '\t', '\n'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            assignee = first is null ? null : directory.Resolve(first);
            var mentioned = m.Mentions.Where(u => u != m.Sender).Distinct(StringComparer.Ordinal).ToList();
            if (assignee is null && mentioned.Count == 1) assignee = mentioned[0]; // a pill: the client sent the id
        }
        return new TaskMeta(taskId, TaskActions.StateOf(action), assignee, null, []);
    }

    /// <summary>The action and what follows it (a reason, whom to assign), from a body that starts with <c>!word</c>.</summary>
    public static (string Action, string Argument)? Parse(string body)
    {
        var typed = Typed(body);
        if (!typed.StartsWith('!')) return null;
        var end = typed.IndexOfAny([' ', '\t', '\n']);
        var word = end < 0 ? typed[1..] : typed[1..end];
        if (TaskActions.Named(word) is not { } action) return null;
        return (action, end < 0 ? "" : typed[end..].Trim());
    }

    /// <summary>What the human typed: the body without a reply fallback (<c>&gt; quoted</c> lines before it) and outer space.</summary>
    public static string Typed(string? body)
    {
        if (body is null) return "";
        var lines = body.Split('\n');
        var skip = 0;
        while (skip < lines.Length && lines[skip].StartsWith('>')) skip++;
        return string.Join('\n', lines.Skip(skip)).Trim();
    }
}
