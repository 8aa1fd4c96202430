using System.CommandLine;
using AgentChat.Cli.Commands;

namespace AgentChat.Cli.Leases;

/// <summary>A lease verb: a <see cref="CchatVerb"/> whose agent is the <see cref="LeaseAgent"/> for this invocation.</summary>
internal abstract class LeaseVerb(string name, string description) : CchatVerb(name, description)
{
    protected static LeaseAgent Leases(ParseResult parse) => new(Agent(parse), TimeProvider.System);
}
