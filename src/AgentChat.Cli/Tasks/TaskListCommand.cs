using System.CommandLine;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat task list [--state S] [--assignee N] [--creator N] [--waiting-on-humans]</c>.</summary>
internal sealed class TaskListCommand : TaskVerb
{
    private readonly Option<string?> _state = new("--state") { Description = "Only tasks in this state" };
    private readonly Option<string?> _assignee = new("--assignee") { Description = "Only tasks assigned to this agent or user" };
    private readonly Option<string?> _creator = new("--creator") { Description = "Only tasks created by this agent or user" };
    private readonly Option<bool> _waiting = new("--waiting-on-humans") { Description = "Only unfinished tasks that wait on a person (blocked on one, asked one, or assigned to one)" };

    public TaskListCommand() : base("list", "List the tasks of every room this agent follows, derived from their threads (without a daemon: the shared room's newest 5000 events)")
    {
        _state.AcceptOnlyFromAmong([.. TaskStates.All]);
        Add(_state);
        Add(_assignee);
        Add(_creator);
        Add(_waiting);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var query = TaskQuery.Parse(parse.GetValue(_state), parse.GetValue(_assignee), parse.GetValue(_creator), parse.GetValue(_waiting) ? "true" : null);
        return await WriteAsync(parse, await Tasks(parse).ListAsync(query, ct), TasksJsonContext.Default.TaskListResponse, TaskText.List);
    }
}
