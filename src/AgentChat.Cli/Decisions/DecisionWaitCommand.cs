using System.CommandLine;
using AgentChat.Cli.Commands;
using AgentChat.Decisions;

namespace AgentChat.Cli.Decisions;

/// <summary>
/// <c>cchat decision wait ID [--timeout 10m]</c>: prints the first allowed answer (the choice's text) and exits 0; exits 3 when
/// none came in time (or the poll was closed or expired unanswered).
/// </summary>
internal sealed class DecisionWaitCommand : CchatVerb
{
    private readonly Argument<string> _id = new("id") { Description = "The decision id `cchat ask` printed" };
    private readonly Option<string?> _timeout = new("--timeout") { Description = "Give up after this long (90s, 30m, 2h; default: the poll's own deadline, else a day); exit 3" };
    private readonly Option<string?> _room = new("--room") { Description = "The poll's room (default: the shared room)" };

    public DecisionWaitCommand() : base("wait", "Wait for the first answer from an allowed responder; prints the choice (exit 3 when none came in time)")
    {
        Add(_id);
        Add(_timeout);
        Add(_room);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var timeout = parse.GetValue(_timeout) is { } t ? DecisionDuration.Parse(t) : (TimeSpan?)null;
        var waited = await new DecisionAgent(Agent(parse), TimeProvider.System).WaitAsync(parse.GetValue(_id)!, parse.GetValue(_room), timeout, ct);
        if (waited.Decision.Answer is not null)
            return await WriteAsync(parse, waited, DecisionsJsonContext.Default.DecisionWaitResponse, w => w.Decision.Answer!.Choice);
        if (parse.GetValue(Json)) await Out(parse).WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(waited, DecisionsJsonContext.Default.DecisionWaitResponse));
        await Err(parse).WriteLineAsync($"cchat decision wait: {DecisionText.NoAnswer(waited.Decision)}");
        return ExitCodes.NoAnswer;
    }
}
