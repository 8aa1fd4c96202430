using System.CommandLine;
using AgentChat.Cli.Commands;
using AgentChat.Configuration;
using AgentChat.Leases;

namespace AgentChat.Cli.Leases;

/// <summary>
/// <c>cchat lease guard</c>, git's pre-commit check: refuses (exit 4) a commit whose staged paths another live agent
/// holds exclusively, saying who and until when. When leases cannot be read at all (no account, homeserver away) it
/// says so and lets the commit through: a guard that blocks every commit while the homeserver is down helps nobody.
/// </summary>
internal sealed class LeaseGuardCommand : LeaseVerb
{
    private const int Chunk = 64; // paths per check: a gateway query stays well under Kestrel's 8 KiB request line

    private readonly Option<string?> _repo = new("--repo") { Description = "The repository (default: the current directory, as git runs hooks)" };

    public LeaseGuardCommand() : base("guard", "Pre-commit check: refuse a commit touching paths another live agent holds exclusively")
    {
        Add(_repo);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var staged = (await GitPaths.StagedAsync(parse.GetValue(_repo), ct)).Where(p => LeaseGlob.Normalize(p) is not null).ToList();
        if (staged.Count == 0) return ExitCodes.Ok;
        var blocked = new List<LeasePathCheck>();
        try
        {
            var leases = Leases(parse);
            foreach (var chunk in staged.Chunk(Chunk))
                blocked.AddRange((await leases.CheckAsync(chunk, ct)).Paths.Where(p => p.Blocked));
        }
        catch (Exception e) when (e is SettingsException || CchatVerb.ExitCodeFor(e, ct) == ExitCodes.Failure)
        {
            await Err(parse).WriteLineAsync($"cchat lease guard: warning: leases not checked, the commit goes ahead: {e.Message}");
            return ExitCodes.Ok;
        }
        if (blocked.Count == 0) return ExitCodes.Ok;
        var err = Err(parse);
        await err.WriteLineAsync("cchat lease guard: commit refused: another agent holds these paths exclusively:");
        foreach (var p in blocked.Take(50))
            foreach (var l in p.HeldBy.Where(l => l.Mode == Lease.Exclusive))
                await err.WriteLineAsync($"  {p.Path}: {l.Instance ?? l.Holder} ({l.Holder}) until {LeaseText.Time(l.ExpiresAt)}" + (l.Reason is { } r ? $" ({r})" : ""));
        if (blocked.Count > 50) await err.WriteLineAsync($"  and {blocked.Count - 50} more");
        await err.WriteLineAsync("Ask the holder to release it (a human can say `!release PATH` in the room), wait until it ends, or unstage those paths.");
        return ExitCodes.Held;
    }
}
