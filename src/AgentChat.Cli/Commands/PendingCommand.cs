using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat pending</c>: the questions and tasks nobody answered in time.</summary>
internal sealed class PendingCommand : CchatVerb
{
    private readonly Option<bool> _json = JsonOption.Create();

    public PendingCommand() : base("pending", "List the questions and tasks nobody has answered for longer than unanswered_after_seconds (default 600), with links")
    {
        Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var agent = new AgentService(GlobalOptions.LoadSettings(parse), Http.Client, TimeProvider.System);
        var result = await new ReceiptsService(agent, TimeProvider.System).PendingAsync(ct);
        await Out(parse).WriteLineAsync(parse.GetValue(_json) ? JsonSerializer.Serialize(result, GatewayJsonContext.Default.PendingResponse) : ReceiptsFormat.Pending(result));
        return ExitCodes.Ok;
    }
}
