using System.CommandLine;

namespace AgentChat.Cli.Decisions;

/// <summary><c>cchat decision wait|show ID</c>.</summary>
internal sealed class DecisionCommand : Command
{
    public DecisionCommand() : base("decision", "Decisions humans answer (asked with `cchat ask`): wait for the answer, or show the poll and its answers")
    {
        Add(new DecisionWaitCommand());
        Add(new DecisionShowCommand());
    }
}
