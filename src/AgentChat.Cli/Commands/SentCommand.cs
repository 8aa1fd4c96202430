using System.CommandLine;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Output;
using AgentChat.Gateway;
using AgentChat.Receipts;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat sent</c>: this agent's recent messages and, per recipient, stored → read → acted.</summary>
internal sealed class SentCommand : CchatVerb
{
    private readonly Option<bool> _pending = new("--pending") { Description = "Only messages a recipient has not read (or, for a question or task, not answered) yet" };
    private readonly Option<int?> _limit = new("--limit") { Description = "At most this many messages, newest first (default 50)" };

    public SentCommand() : base("sent", "Show what became of this agent's recent messages: stored, read, acted (answered), per recipient")
    {
        Validation.Range(_limit, 1, ReceiptBook.DefaultCapacity);
        Add(_pending);
        Add(_limit);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var pending = parse.GetValue(_pending);
        var result = await new ReceiptsService(Agent(parse), TimeProvider.System).SentAsync(pending, parse.GetValue(_limit) ?? 50, ct);
        return await WriteAsync(parse, result, GatewayJsonContext.Default.SentResponse, r => ReceiptsFormat.Sent(r, pending));
    }
}
