using System.CommandLine;
using AgentChat.Leases;

namespace AgentChat.Cli.Leases;

/// <summary><c>cchat lease check PATH…</c>: exit 4 when another live agent holds one of them exclusively.</summary>
internal sealed class LeaseCheckCommand : LeaseVerb
{
    private readonly Argument<string[]> _paths = new("path") { Description = "Paths relative to the repository root", Arity = ArgumentArity.OneOrMore };

    public LeaseCheckCommand() : base("check", "Say who holds paths; exit 4 when another live agent holds one exclusively")
    {
        Add(_paths);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var paths = await GitPaths.RelativeAsync(parse.GetValue(_paths) ?? [], ct);
        var check = await Leases(parse).CheckAsync(paths, ct);
        await WriteAsync(parse, check, LeasesJsonContext.Default.LeaseCheckResponse, Describe);
        return check.Blocked ? ExitCodes.Held : ExitCodes.Ok;
    }

    public static string Describe(LeaseCheckResponse check) => string.Join('\n', check.Paths.Select(p => p.HeldBy.Count == 0
        ? $"{p.Path}: free"
        : $"{p.Path}: " + string.Join("; ", p.HeldBy.Select(l =>
            $"held {l.Mode} by {l.Instance ?? l.Holder} ({l.Holder}) until {LeaseText.Time(l.ExpiresAt)}" + (l.Reason is { } r ? $" ({r})" : "")))));
}
