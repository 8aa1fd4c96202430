using System.CommandLine;
using AgentChat.Cli.Commands;
using AgentChat.Leases;

namespace AgentChat.Cli.Leases;

/// <summary><c>cchat lease release [GLOB…|--all]</c>: ends this agent's leases that hold a pattern (as taken) or have an id.</summary>
internal sealed class LeaseReleaseCommand : LeaseVerb
{
    private readonly Argument<string[]> _patterns = new("glob") { Description = "Patterns as taken, or lease ids", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _all = new("--all") { Description = "Release every lease this agent holds" };

    public LeaseReleaseCommand() : base("release", "Release your leases: those holding the given patterns (or ids), or --all")
    {
        Add(_patterns);
        Add(_all);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var patterns = parse.GetValue(_patterns) ?? [];
        var all = parse.GetValue(_all);
        if (all == (patterns.Length > 0)) throw new UsageException("name the patterns (or lease ids) to release, or give --all");
        var released = await Leases(parse).ReleaseAsync(new LeaseReleaseRequest { Patterns = all ? null : patterns, All = all ? true : null }, ct);
        return await WriteAsync(parse, released, LeasesJsonContext.Default.LeaseReleaseResponse, r => r.Released.Count == 0
            ? "held nothing that matched"
            : "released:\n" + string.Join('\n', r.Released.Select(LeaseText.Line)));
    }
}
