using System.CommandLine;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat pending</c>: the questions and tasks nobody answered in time.</summary>
internal sealed class PendingCommand : CchatVerb
{
    public PendingCommand() : base("pending", "List the questions and tasks nobody has answered for longer than unanswered_after_seconds (default 600), with links") => Add(Json);

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct) =>
        await WriteAsync(parse, await new ReceiptsService(Agent(parse), TimeProvider.System).PendingAsync(ct),
            GatewayJsonContext.Default.PendingResponse, ReceiptsFormat.Pending);
}
