using System.CommandLine;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat task new|assign|accept|start|block|done|fail|cancel|list|show</c>.</summary>
internal sealed class TaskCommand : Command
{
    public TaskCommand() : base("task", "Tasks as Matrix threads: create, move through open → assigned → accepted → in_progress ↔ blocked → done|failed|cancelled, list, show")
    {
        Add(new TaskNewCommand());
        foreach (var action in TaskActions.All) Add(new TaskMoveCommand(action));
        Add(new TaskListCommand());
        Add(new TaskShowCommand());
    }
}
