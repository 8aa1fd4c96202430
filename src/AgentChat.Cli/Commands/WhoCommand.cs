using System.CommandLine;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat who</c>: the instances in the shared room's registry, alive first.</summary>
internal sealed class WhoCommand : CchatVerb
{
    private readonly Option<bool> _json = JsonOption.Create();

    public WhoCommand() : base("who", "List the agent instances in the shared room and whether they are online")
    {
        Add(_json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var agent = new AgentService(GlobalOptions.LoadSettings(parse), Http.Client, TimeProvider.System);
        var result = await agent.WhoAsync(ct);
        await Out(parse).WriteLineAsync(parse.GetValue(_json) ? JsonSerializer.Serialize(result, GatewayJsonContext.Default.WhoResponse) : TextFormat.Who(result));
        return ExitCodes.Ok;
    }
}
