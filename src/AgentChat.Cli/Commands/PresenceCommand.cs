using System.CommandLine;
using AgentChat.Cli.Output;
using AgentChat.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat presence [--busy [ON] | --idle]</c>: say this agent is busy (on what) or idle again, or show its presence.</summary>
internal sealed class PresenceCommand : CchatVerb
{
    private readonly Option<string?> _busy = new("--busy")
    {
        Description = "Say this agent is busy, optionally on what (one short line); it lapses after 15 minutes unless said again",
        Arity = ArgumentArity.ZeroOrOne,
        HelpName = "on",
    };
    private readonly Option<bool> _idle = new("--idle") { Description = "Say this agent is no longer busy" };

    public PresenceCommand() : base("presence", "Say this agent is busy (--busy [ON]) or idle (--idle), or show its presence: busy, wakeable, last read")
    {
        Add(_busy);
        Add(_idle);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var busy = parse.GetResult(_busy) is { Implicit: false };
        var idle = parse.GetValue(_idle);
        if (busy && idle) throw new UsageException("--busy and --idle exclude each other");
        PresenceRequest? set = busy ? new PresenceRequest { Busy = true, On = parse.GetValue(_busy) } : idle ? new PresenceRequest { Busy = false } : null;
        var result = await Agent(parse).PresenceAsync(set, ct);
        return await WriteAsync(parse, result, GatewayJsonContext.Default.PresenceResponse, r => PresenceText.Self(r, DateTimeOffset.UtcNow));
    }
}
