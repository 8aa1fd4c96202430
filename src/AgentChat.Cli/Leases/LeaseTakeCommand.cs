using System.CommandLine;
using AgentChat.Leases;

namespace AgentChat.Cli.Leases;

/// <summary><c>cchat lease take GLOB… [--ttl 30m] [--shared] [--reason …]</c>: exit 4 when another agent's lease is in the way.</summary>
internal sealed class LeaseTakeCommand : LeaseVerb
{
    private readonly Argument<string[]> _patterns = new("glob") { Description = "Paths or globs relative to the repository root (src/**, docs/*.md, a/b.cs)", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string?> _ttl = new("--ttl") { Description = "How long it lasts unless released or taken again: 90s, 30m, 2h (default 30m, at most 24h)" };
    private readonly Option<bool> _shared = new("--shared") { Description = "A shared lease: other shared leases on the same paths may coexist, exclusive ones may not" };
    private readonly Option<string?> _reason = new("--reason") { Description = "What for, in a few words (humans see it in the room's notice)" };

    public LeaseTakeCommand() : base("take", "Take a lease on paths; refused (exit 4) when another live agent holds a clashing one, saying who and until when")
    {
        Add(_patterns);
        Add(_ttl);
        Add(_shared);
        Add(_reason);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var request = new LeaseTakeRequest { Patterns = parse.GetValue(_patterns), Ttl = parse.GetValue(_ttl), Shared = parse.GetValue(_shared), Reason = parse.GetValue(_reason) };
        try
        {
            var taken = await Leases(parse).TakeAsync(request, ct);
            return await WriteAsync(parse, taken, LeasesJsonContext.Default.LeaseTakeResponse, t =>
                $"{(t.Renewed ? "renewed" : "leased")} {string.Join(" ", t.Lease.Patterns)} ({t.Lease.Mode}) until {LeaseText.Time(t.Lease.ExpiresAt)}  [{t.Lease.Id}]");
        }
        catch (Exception e) when (LeaseAgent.IsConflict(e))
        {
            await Err(parse).WriteLineAsync($"cchat lease take: {e.Message}");
            return ExitCodes.Held;
        }
    }
}
