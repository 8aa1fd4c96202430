using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Commands;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat task new TEXT [--assign NAME] [--due DATE]</c>: a <c>[TASK]</c> message that opens the task's thread.</summary>
internal sealed class TaskNewCommand : CchatVerb
{
    private readonly Argument<string> _text = new("text") { Description = "What is to be done (Markdown)" };
    private readonly Option<string?> _assign = new("--assign") { Description = "Assign it at once to this agent or user" };
    private readonly Option<string?> _due = new("--due") { Description = "When it is due, e.g. 2026-12-01 or 2026-12-01T17:00:00Z" };
    private readonly Option<bool> _json = JsonOption.Create();

    public TaskNewCommand() : base("new", "Create a task: a [TASK] message in the shared room whose thread holds its history")
    {
        Add(_text);
        Add(_assign);
        Add(_due);
        Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var tasks = new TaskAgent(new AgentService(GlobalOptions.LoadSettings(parse), Http.Client, TimeProvider.System), TimeProvider.System);
        var result = await tasks.NewAsync(parse.GetValue(_text)!, parse.GetValue(_assign), parse.GetValue(_due), ct);
        await Out(parse).WriteLineAsync(parse.GetValue(_json) ? JsonSerializer.Serialize(result, TasksJsonContext.Default.TaskMoveResponse) : TaskText.Moved(result));
        foreach (var warning in result.Warnings ?? []) await Err(parse).WriteLineAsync($"cchat task new: warning: {warning}");
        return ExitCodes.Ok;
    }
}
