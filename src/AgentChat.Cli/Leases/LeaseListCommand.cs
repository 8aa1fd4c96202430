using System.CommandLine;
using AgentChat.Leases;

namespace AgentChat.Cli.Leases;

/// <summary><c>cchat lease list [--json]</c>: every live lease in the shared room.</summary>
internal sealed class LeaseListCommand : LeaseVerb
{
    public LeaseListCommand() : base("list", "List the live leases in the shared room: paths, mode, holder, until when, why")
    {
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct) =>
        await WriteAsync(parse, await Leases(parse).ListAsync(ct), LeasesJsonContext.Default.LeaseListResponse, r => r.Leases.Count == 0
            ? "no live leases"
            : string.Join('\n', r.Leases.Select(LeaseText.Line)));
}
