using System.CommandLine;
using AgentChat.Cli.Commands;

namespace AgentChat.Cli.Tasks;

/// <summary>A task or thread verb: a <see cref="CchatVerb"/> whose agent is the <see cref="TaskAgent"/> for this invocation.</summary>
internal abstract class TaskVerb(string name, string description) : CchatVerb(name, description)
{
    /// <summary>The task and thread verbs over this invocation's agent: its gateway when one answers, else direct REST.</summary>
    protected static TaskAgent Tasks(ParseResult parse) => new(Agent(parse), TimeProvider.System);
}
