using System.CommandLine;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary>
/// <c>cchat task new TEXT [--to NAME] [--due DATE]</c>: a <c>[TASK]</c> message that opens the task's thread;
/// <c>--to</c> is the word <c>send</c> uses, <c>--assign</c> stays as its alias.
/// </summary>
internal sealed class TaskNewCommand : TaskVerb
{
    private readonly Argument<string> _text = new("text") { Description = "What is to be done (Markdown)" };
    private readonly Option<string?> _to = new("--to", "--assign") { Description = "Assign it at once to this agent or user (--assign is the same)" };
    private readonly Option<string?> _due = new("--due") { Description = "When it is due, e.g. 2026-12-01 or 2026-12-01T17:00:00Z" };

    public TaskNewCommand() : base("new", "Create a task: a [TASK] message in the shared room whose thread holds its history")
    {
        Add(_text);
        Add(_to);
        Add(_due);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var result = await Tasks(parse).NewAsync(parse.GetValue(_text)!, parse.GetValue(_to), parse.GetValue(_due), ct);
        return await WriteAsync(parse, result, TasksJsonContext.Default.TaskMoveResponse, TaskText.Moved, result.Warnings);
    }
}
