using AgentChat.Messages;

namespace AgentChat.Tasks;

/// <summary>
/// Which messages open a task: a <c>[TASK]</c> message outside any thread (an agent's, or a human's typed
/// prefix), and a human's <c>!task @agent text</c>. The assignee is <c>meta.task.assignee</c> on an agent's
/// task, else the one account the message mentions, else the first <c>@name</c> a human typed.
/// </summary>
public static class TaskRoot
{
    public const string HumanCommand = "!task";

    public sealed record Opening(string Title, string? Assignee, string? Due);

    public static Opening? TryRead(ChatMessage m, TaskDirectory directory)
    {
        if (m.Thread is not null) return null;
        var body = m.Body.TrimStart();
        string text;
        if (m.Human && IsCommand(body)) text = body[HumanCommand.Length..].TrimStart();
        else if (m.Kind == MessageKind.Task) text = m.Human ? MessageKind.FromBody(body).Text : m.Text;
        else return null;

        var meta = TaskMeta.Read(m);
        var assignee = meta?.Assignee;
        var mentioned = m.Mentions.Where(u => u != m.Sender).Distinct(StringComparer.Ordinal).ToList();
        if (assignee is null && mentioned.Count == 1) assignee = mentioned[0];
        var title = text;
        if (m.Human)
        {
            // "@beta: do X" or "@beta do X": the lead names the assignee and is not part of the title
            while (title.StartsWith('@'))
            {
                var end = title.IndexOfAny([' ', '\n', '\t']);
                var token = end < 0 ? title : title[..end];
                var named = directory.Resolve(token);
                if (named is null && mentioned.Count == 0) break;
                assignee ??= named;
                title = end < 0 ? "" : title[end..].TrimStart();
            }
            title = title.TrimStart(':', ' ');
        }
        return new Opening(title.Length > 0 ? title : text, assignee, meta?.Due);
    }

    /// <summary>Whether a human's message body is a <c>!task</c> command.</summary>
    public static bool IsHumanCommand(string body) => IsCommand(body.TrimStart());

    private static bool IsCommand(string body) =>
        body.StartsWith(HumanCommand, StringComparison.OrdinalIgnoreCase)
        && (body.Length == HumanCommand.Length || char.IsWhiteSpace(body[HumanCommand.Length]));
}
