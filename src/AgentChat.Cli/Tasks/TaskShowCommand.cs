using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Commands;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat task show ID</c>: the task as its thread says, with every move (and every ignored one).</summary>
internal sealed class TaskShowCommand : CchatVerb
{
    private readonly Argument<string> _id = new("id") { Description = "The task's id (the event id of its [TASK] message)" };
    private readonly Option<bool> _json = JsonOption.Create();

    public TaskShowCommand() : base("show", "Show one task and its history, derived from its thread")
    {
        Add(_id);
        Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var tasks = new TaskAgent(new AgentService(GlobalOptions.LoadSettings(parse), Http.Client, TimeProvider.System), TimeProvider.System);
        var result = await tasks.ShowAsync(parse.GetValue(_id)!, ct);
        await Out(parse).WriteLineAsync(parse.GetValue(_json) ? JsonSerializer.Serialize(result, TasksJsonContext.Default.TaskResponse) : TaskText.Show(result));
        return ExitCodes.Ok;
    }
}
