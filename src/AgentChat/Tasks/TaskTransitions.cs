using static AgentChat.Tasks.TaskStates;

namespace AgentChat.Tasks;

/// <summary>
/// The legal moves between <see cref="TaskStates"/>: the one table both the check before sending and the
/// derivation from the thread use. Reassigning and cancelling are allowed from every state that is not final.
/// </summary>
public static class TaskTransitions
{
    private static readonly Dictionary<string, string[]> Moves = new(StringComparer.Ordinal)
    {
        [Open] = [Assigned, Cancelled],
        [Assigned] = [Assigned, Accepted, Cancelled],
        [Accepted] = [InProgress, Assigned, Failed, Cancelled],
        [InProgress] = [Blocked, Done, Failed, Assigned, Cancelled],
        [Blocked] = [InProgress, Done, Failed, Assigned, Cancelled],
        [Done] = [],
        [Failed] = [],
        [Cancelled] = [],
    };

    public static bool CanMove(string from, string to) => Moves.TryGetValue(from, out var next) && next.Contains(to);

    public static IReadOnlyList<string> NextOf(string from) => Moves.TryGetValue(from, out var next) ? next : [];
}
