using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;

namespace AgentChat.Tasks;

/// <summary>
/// The answer to a human's typed command in a task's thread (<see cref="HumanTaskCommand"/>): which daemon gives it
/// (one only: the assignee's when the assignee is an agent, else the creator's) and what it says — the move as
/// everyone derives it, or why it did not count. A reply to the command without <c>meta.task</c>: it moves nothing.
/// </summary>
public static class CommandAnswer
{
    /// <summary>The agent whose daemon answers commands in <paramref name="task"/>'s thread; null when no agent is involved.</summary>
    public static string? Answerer(TaskView task, TaskDirectory directory)
    {
        if (task.Assignee is { } assignee && IsAgent(assignee, directory)) return assignee;
        return IsAgent(task.Creator, directory) ? task.Creator : null;
    }

    /// <summary>
    /// <c>[TASK] done by alice: Rotate the certificates — confirmed by beta's daemon</c>, or, mentioning the human,
    /// <c>[TASK] @alice: !done did not count: Rotate the certificates — invalid_transition: assigned cannot become done</c>.
    /// </summary>
    public static SendRequest For(TaskView task, TaskChange command, string label, string txnId)
    {
        var human = UserId.TryParse(command.Sender, out var id) ? id.Localpart : command.Sender;
        var text = command.Applied
            ? TaskActions.Line(command.State!, human, command.Assignee, task.Title, $"confirmed by {label}'s daemon")
            : TaskActions.Named($"{TaskTitle.Short(HumanTaskCommand.Typed(command.Text))} did not count", task.Title, command.Reason);
        return new SendRequest
        {
            Text = text, Kind = MessageKind.Task, Thread = task.Id, ReplyTo = command.EventId, Room = task.RoomId,
            To = command.Applied ? null : [command.Sender], TxnId = txnId,
        };
    }

    private static bool IsAgent(string userId, TaskDirectory directory) => directory.InstanceOf(userId) is not null && !directory.IsHuman(userId);
}
