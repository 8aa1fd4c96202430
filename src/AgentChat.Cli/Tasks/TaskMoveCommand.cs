using System.CommandLine;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat task accept|start|block|done|fail|cancel ID [NOTE]</c> and <c>cchat task assign ID NAME [NOTE]</c>.</summary>
internal sealed class TaskMoveCommand : TaskVerb
{
    private readonly string _action;
    private readonly Argument<string> _id = new("id") { Description = "The task's id (the event id of its [TASK] message)" };
    private readonly Argument<string>? _assignee;
    private readonly Argument<string?> _note = new("note") { Description = "A few words for the humans reading the thread", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string[]> _on = new("--on") { Description = "Whom the task waits on (mentioned, so a human's client highlights it; repeatable)" };
    private readonly Option<string?> _due = new("--due") { Description = "A new due date or time" };
    private readonly Option<string?> _onDecision = new("--on-decision") { Description = "Block on this decision (`cchat ask` printed its id); the daemon resumes the task when it is answered" };

    public TaskMoveCommand(string action) : base(action, Describe(action))
    {
        _action = action;
        Add(_id);
        if (action == TaskActions.Assign)
        {
            _assignee = new Argument<string>("assignee") { Description = "The agent or user to assign it to" };
            Add(_assignee);
        }
        Add(_note);
        if (action == "block")
        {
            Add(_on);
            Add(_onDecision);
        }
        Add(_due);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        if (_action == "block" && parse.GetValue(_onDecision) is { } decision)
        {
            var blocked = await new Decisions.DecisionAgent(Agent(parse), TimeProvider.System).BlockAsync(decision, parse.GetValue(_id)!, parse.GetValue(_note), ct);
            return await WriteAsync(parse, blocked, TasksJsonContext.Default.TaskMoveResponse, TaskText.Moved, blocked.Warnings);
        }
        var result = await Tasks(parse).MoveAsync(parse.GetValue(_id)!, _action, _assignee is null ? null : parse.GetValue(_assignee),
            parse.GetValue(_note), _action == "block" ? parse.GetValue(_on) ?? [] : [], parse.GetValue(_due), ct);
        return await WriteAsync(parse, result, TasksJsonContext.Default.TaskMoveResponse, TaskText.Moved, result.Warnings);
    }

    private static string Describe(string action) => action switch
    {
        TaskActions.Assign => "Assign the task to an agent or user (reassigning is allowed until it is finished)",
        "accept" => "Accept an assigned task",
        "start" => "Start working on it (in_progress), also to resume a blocked task",
        "block" => "Mark it blocked; --on names whom it waits on",
        "done" => "Finish it successfully",
        "fail" => "Finish it as failed",
        _ => "Cancel it",
    };
}
