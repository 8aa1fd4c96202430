using System.CommandLine;
using AgentChat.Cli.Commands;
using AgentChat.Decisions;

namespace AgentChat.Cli.Decisions;

/// <summary><c>cchat ask QUESTION --choices "yes|no" [--to NAME]... [--from NAME,...] [--timeout 2h] [--task ID]</c>: a poll humans answer in their client.</summary>
internal sealed class AskCommand : CchatVerb
{
    private readonly Argument<string> _question = new("question") { Description = "What to decide, e.g. \"Deploy to prod?\"" };
    private readonly Option<string[]> _choices = new("--choices") { Description = "The answers, separated by | (2 to 10), e.g. \"yes|no|later\"", Required = true };
    private readonly Option<string[]> _to = new("--to") { Description = "Whom to ask (mentioned, so their client highlights it): a Matrix id or a name; repeatable" };
    private readonly Option<string[]> _from = new("--from") { Description = "Only these may answer (comma-separated or repeated); default: any human" };
    private readonly Option<string?> _timeout = new("--timeout") { Description = "How long the decision stays open: 90s, 30m, 2h, 1d (answers after it do not count)" };
    private readonly Option<string?> _room = new("--room") { Description = "Post the poll in this room (default: the shared room, or the task's room)" };
    private readonly Option<string?> _task = new("--task") { Description = "Block this task on the decision; the daemon resumes it when the decision is answered" };

    public AskCommand() : base("ask", "Ask humans a decision as a Matrix poll (Element shows it; a reaction with the choice's number answers too); prints the decision id")
    {
        Add(_question);
        Add(_choices);
        Add(_to);
        Add(_from);
        Add(_timeout);
        Add(_room);
        Add(_task);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var request = new DecisionAskRequest
        {
            Question = parse.GetValue(_question),
            Choices = parse.GetValue(_choices),
            To = (parse.GetValue(_to) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            From = parse.GetValue(_from),
            Timeout = parse.GetValue(_timeout),
            Room = parse.GetValue(_room),
            Task = parse.GetValue(_task),
        };
        var asked = await new DecisionAgent(Agent(parse), TimeProvider.System).AskAsync(request, ct);
        return await WriteAsync(parse, asked, DecisionsJsonContext.Default.DecisionAskResponse, a => a.DecisionId, asked.Warnings);
    }
}
