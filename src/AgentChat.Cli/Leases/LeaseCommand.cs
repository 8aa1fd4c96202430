using System.CommandLine;

namespace AgentChat.Cli.Leases;

/// <summary><c>cchat lease take|release|list|check|guard|install-hook</c>.</summary>
internal sealed class LeaseCommand : Command
{
    public LeaseCommand() : base("lease", "File leases across hosts: advisory locks on paths (globs), exclusive or shared, with a TTL, that end with their holder; a git pre-commit guard")
    {
        Add(new LeaseTakeCommand());
        Add(new LeaseReleaseCommand());
        Add(new LeaseListCommand());
        Add(new LeaseCheckCommand());
        Add(new LeaseGuardCommand());
        Add(new LeaseInstallHookCommand());
    }
}
