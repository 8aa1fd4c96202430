using System.CommandLine;
using AgentChat.Cli.Commands;
using AgentChat.Decisions;

namespace AgentChat.Cli.Decisions;

/// <summary><c>cchat decision show ID</c>: the question, the choices with their votes, the answers so far and who gave them, what was ignored.</summary>
internal sealed class DecisionShowCommand : CchatVerb
{
    private readonly Argument<string> _id = new("id") { Description = "The decision id `cchat ask` printed" };
    private readonly Option<string?> _room = new("--room") { Description = "The poll's room (default: the shared room)" };

    public DecisionShowCommand() : base("show", "Show a decision: question, choices, answers so far and who gave them, how many responses were ignored")
    {
        Add(_id);
        Add(_room);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var decision = await new DecisionAgent(Agent(parse), TimeProvider.System).ShowAsync(parse.GetValue(_id)!, parse.GetValue(_room), ct);
        return await WriteAsync(parse, decision, DecisionsJsonContext.Default.DecisionView, DecisionText.Show);
    }
}
