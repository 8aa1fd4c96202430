using AgentChat.Messages;

namespace AgentChat.LoopGuard;

/// <summary>
/// Whether a message answers another agent — the only messages the loop budget counts: a reply to another agent's
/// message, a post in a thread where another agent spoke since the last human message there (its root included),
/// or a mention of another agent. One agent's own stream of unaddressed messages answers nobody.
/// Not thread-safe: the caller holds a lock.
/// </summary>
public sealed class AnswerBook
{
    private const int MaxKept = 20_000;

    private readonly Dictionary<string, string> _agentAuthor = new(StringComparer.Ordinal);
    private readonly Queue<string> _age = new();
    private readonly Dictionary<LoopScope, HashSet<string>> _threadAgents = [];

    /// <summary>Whether <paramref name="sender"/>'s message would answer another agent.</summary>
    public bool Answers(LoopScope scope, string sender, string? replyTo, IEnumerable<string> mentions, Func<string, bool> isAgent)
    {
        if (replyTo is not null && _agentAuthor.TryGetValue(replyTo, out var author) && author != sender) return true;
        if (scope.Thread is { } root && (_threadAgents.TryGetValue(scope, out var agents)
                ? agents.Any(a => a != sender)
                : _agentAuthor.TryGetValue(root, out var rootAuthor) && rootAuthor != sender)) return true;
        return mentions.Any(u => u != sender && isAgent(u));
    }

    /// <summary>Classifies one observed message (before it is recorded), then records it.</summary>
    public bool Observe(Observed observed, Func<string, bool> isAgent)
    {
        var m = observed.Message;
        var scope = LoopScope.Of(m.RoomId, m.Thread);
        if (observed.Notice) return false;
        if (m.Human)
        {
            if (m.Thread is null && LoopBudget.IsResume(m.Text))
                foreach (var s in _threadAgents.Keys.Where(s => s.RoomId == m.RoomId).ToList()) _threadAgents[s] = new HashSet<string>(StringComparer.Ordinal);
            else if (scope.Thread is not null) _threadAgents[scope] = new HashSet<string>(StringComparer.Ordinal);
            return false;
        }
        var answers = Answers(scope, m.Sender, m.ReplyTo, m.Mentions, isAgent);
        Record(m.EventId, scope, m.Sender);
        return answers;
    }

    /// <summary>An agent's message (ours as soon as the homeserver took it, or a parent looked up).</summary>
    public void Record(string eventId, LoopScope scope, string sender)
    {
        if (_agentAuthor.TryAdd(eventId, sender))
        {
            _age.Enqueue(eventId);
            if (_age.Count > MaxKept) _agentAuthor.Remove(_age.Dequeue());
        }
        if (scope.Thread is { } root) ThreadAgents(scope, root).Add(sender);
    }

    private HashSet<string> ThreadAgents(LoopScope scope, string root)
    {
        if (_threadAgents.TryGetValue(scope, out var agents)) return agents;
        if (_threadAgents.Count >= LoopBudget.MaxScopes) _threadAgents.Clear();
        agents = new HashSet<string>(StringComparer.Ordinal);
        if (_agentAuthor.TryGetValue(root, out var rootAuthor)) agents.Add(rootAuthor);
        _threadAgents[scope] = agents;
        return agents;
    }
}
