using AgentChat.Matrix;
using AgentChat.Tasks;

namespace AgentChat.Messages.Wake;

/// <summary>
/// Whether a human's <c>!task @agent text</c> (see <see cref="TaskRoot"/>) names this agent by its lead
/// <c>@name</c>: its user id, localpart or instance name, any case. A typed name has no pill, so the
/// message mentions no one; without this the assignee would never be woken.
/// </summary>
internal static class HumanTaskCommand
{
    public static bool Names(ChatMessage message, string self, string? instance)
    {
        if (!message.Human || message.Thread is not null) return false;
        var body = message.Body.TrimStart();
        if (!body.StartsWith(TaskRoot.HumanCommand, StringComparison.OrdinalIgnoreCase)) return false;
        var rest = body[TaskRoot.HumanCommand.Length..];
        if (rest.Length == 0 || !char.IsWhiteSpace(rest[0])) return false;
        rest = rest.TrimStart();
        if (!rest.StartsWith('@')) return false;
        var end = rest.IndexOfAny([' ', '\n', '\t']);
        var token = (end < 0 ? rest : rest[..end]).TrimEnd(':', ',', '.');
        if (string.Equals(token, self, StringComparison.OrdinalIgnoreCase)) return true;
        var bare = token.TrimStart('@');
        if (bare.Length == 0) return false;
        if (instance is not null && string.Equals(bare, instance, StringComparison.OrdinalIgnoreCase)) return true;
        return UserId.TryParse(self, out var user) && string.Equals(bare, user.Localpart, StringComparison.OrdinalIgnoreCase);
    }
}
