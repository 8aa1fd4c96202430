using System.CommandLine;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat task show ID</c>: the task as its thread says, with every move (and every ignored one).</summary>
internal sealed class TaskShowCommand : TaskVerb
{
    private readonly Argument<string> _id = new("id") { Description = "The task's id (the event id of its [TASK] message)" };

    public TaskShowCommand() : base("show", "Show one task and its history, derived from its thread")
    {
        Add(_id);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        return await WriteAsync(parse, await Tasks(parse).ShowAsync(parse.GetValue(_id)!, ct), TasksJsonContext.Default.TaskResponse, TaskText.Show);
    }
}
