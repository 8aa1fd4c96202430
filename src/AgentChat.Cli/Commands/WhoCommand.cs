using System.CommandLine;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat who</c>: the instances in the shared room's registry, alive first.</summary>
internal sealed class WhoCommand : CchatVerb
{
    public WhoCommand() : base("who", "List the agent instances in the shared room and whether they are online") => Add(Json);

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct) =>
        await WriteAsync(parse, await Agent(parse).WhoAsync(ct), GatewayJsonContext.Default.WhoResponse, TextFormat.Who);
}
