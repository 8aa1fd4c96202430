using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Commands;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat thread ID</c>: a whole thread, root first, in room order.</summary>
internal sealed class ThreadCommand : CchatVerb
{
    private readonly Argument<string> _id = new("id") { Description = "The thread's root event id" };
    private readonly Option<string?> _since = new("--since") { Description = "Only the messages after this event id of the thread" };
    private readonly Option<bool> _json = JsonOption.Create();

    public ThreadCommand() : base("thread", "Print a whole thread in order (does not move the read marker)")
    {
        Add(_id);
        Add(_since);
        Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var tasks = new TaskAgent(new AgentService(GlobalOptions.LoadSettings(parse), Http.Client, TimeProvider.System), TimeProvider.System);
        var result = await tasks.ThreadAsync(parse.GetValue(_id)!, parse.GetValue(_since), null, ct);
        await Out(parse).WriteLineAsync(parse.GetValue(_json) ? JsonSerializer.Serialize(result, GatewayJsonContext.Default.ReadResponse)
            : result.Messages.Count == 0 ? "no messages" : string.Join('\n', result.Messages.Select(TextFormat.Message)));
        return ExitCodes.Ok;
    }
}
