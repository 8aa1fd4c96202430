using System.CommandLine;
using AgentChat.Cli.Operator;
using AgentChat.Matrix;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat setup</c> (operator): creates or fixes the shared room, invites agents, lifts rate limits.</summary>
internal sealed class SetupCommand : CchatVerb
{
    private readonly Option<string[]> _invite = new("--invite") { Description = "Invite this agent or user (repeatable)" };
    private readonly Option<string[]> _human = new("--human") { Description = "Invite this person and list them as a human: their messages carry operator authority (repeatable)" };
    private readonly Option<string?> _room = new("--room") { Description = "Shared room alias (default #aichat:<server>; env AGENTCHAT_ROOM)" };
    private readonly Option<string[]> _lift = new("--lift-rate-limits")
    {
        Description = "Homeserver admin only: lift the message rate limit of these users (none named: of every invited one)",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    public SetupCommand() : base("setup", "Operator: create (or fix) the shared room so members can post and register, and invite agents")
    {
        Add(_invite);
        Add(_human);
        Add(_room);
        Add(_lift);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = Settings(parse, ("room", parse.GetValue(_room)));
        var self = settings.UserIdValue;
        var roomName = settings.RoomValue;
        if (roomName.StartsWith('!')) throw new UsageException("setup needs the room's alias (#name:server), not its id");
        var alias = new RoomAlias(roomName.StartsWith('#') ? roomName : $"#{roomName}:{self.ServerName}");
        var client = new MatrixClient(Http.Client, settings.HomeserverUri, settings.AccessTokenValue);
        IReadOnlyList<string>? liftFor = parse.GetResult(_lift) is null ? null : parse.GetValue(_lift) ?? [];

        var result = await new RoomSetup(client, self).RunAsync(alias, parse.GetValue(_invite) ?? [], liftFor, parse.GetValue(_human) ?? [], ct);
        return await WriteAsync(parse, result, CliJsonContext.Default.SetupResult, Describe);
    }

    private static string Describe(SetupResult r)
    {
        var lines = new List<string>
        {
            r.Created ? $"created {r.Alias} ({r.RoomId})"
                : r.PowerLevelsFixed ? $"fixed {r.Alias} ({r.RoomId}): members may now post and register"
                : $"{r.Alias} ({r.RoomId}) is ready",
        };
        if (r.Invited.Count > 0) lines.Add($"invited {string.Join(", ", r.Invited)}");
        if (r.AlreadyMembers.Count > 0) lines.Add($"already members: {string.Join(", ", r.AlreadyMembers)}");
        if (r.Humans.Count > 0) lines.Add($"humans: {string.Join(", ", r.Humans)}");
        // An agent on another homeserver would look for #aichat:<its own server>: it must be told where the room is.
        var server = r.Alias[(r.Alias.IndexOf(':', StringComparison.Ordinal) + 1)..];
        foreach (var remote in r.Invited.Concat(r.AlreadyMembers).Where(u => !u.EndsWith(":" + server, StringComparison.Ordinal)))
            lines.Add($"{remote} is on another homeserver: its agent needs AGENTCHAT_ROOM={r.Alias} (or `cchat register NAME --room {r.Alias}` on its server)");
        if (r.RateLimitsLifted.Count > 0) lines.Add($"rate limits lifted for {string.Join(", ", r.RateLimitsLifted)}");
        return string.Join('\n', lines);
    }
}
