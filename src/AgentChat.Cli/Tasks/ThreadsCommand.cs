using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Commands;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat threads</c>: the shared room's threads, last activity first, with participants and unread counts.</summary>
internal sealed class ThreadsCommand : CchatVerb
{
    private readonly Option<bool> _json = JsonOption.Create();

    public ThreadsCommand() : base("threads", "List the shared room's threads: last activity, participants, what you have not read")
    {
        Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var tasks = new TaskAgent(new AgentService(GlobalOptions.LoadSettings(parse), Http.Client, TimeProvider.System), TimeProvider.System);
        var result = await tasks.ThreadsAsync(ct);
        await Out(parse).WriteLineAsync(parse.GetValue(_json) ? JsonSerializer.Serialize(result, TasksJsonContext.Default.ThreadsResponse) : TaskText.Threads(result));
        return ExitCodes.Ok;
    }
}
