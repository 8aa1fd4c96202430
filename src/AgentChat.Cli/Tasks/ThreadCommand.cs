using System.CommandLine;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat thread ID</c>: a whole thread, root first, in room order.</summary>
internal sealed class ThreadCommand : TaskVerb
{
    private readonly Argument<string> _id = new("id") { Description = "The thread's root event id" };
    private readonly Option<string?> _since = new("--since") { Description = "Only the messages after this event id of the thread" };

    public ThreadCommand() : base("thread", "Print a whole thread in order (does not move the read marker)")
    {
        Add(_id);
        Add(_since);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var result = await Tasks(parse).ThreadAsync(parse.GetValue(_id)!, parse.GetValue(_since), null, ct);
        return await WriteAsync(parse, result, GatewayJsonContext.Default.ReadResponse,
            r => r.Messages.Count == 0 ? "no messages" : string.Join('\n', r.Messages.Select(TextFormat.Message)));
    }
}
