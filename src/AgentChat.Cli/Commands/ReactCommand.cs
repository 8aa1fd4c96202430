using System.CommandLine;
using AgentChat.Gateway;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat react EVENT_ID [KEY]</c> puts a reaction on a message; with <c>--list</c>, shows the message's reactions.</summary>
internal sealed class ReactCommand : CchatVerb
{
    private readonly Argument<string> _eventId = new("event-id") { Description = "The message's event id (`cchat read --json` shows it)" };
    private readonly Argument<string?> _key = new("key") { Description = "The reaction: an emoji or a short word (default 👍)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _room = new("--room") { Description = "The message's room (default: the shared room)" };
    private readonly Option<bool> _list = new("--list") { Description = "Show the message's reactions instead of adding one" };

    public ReactCommand() : base("react", "React to a message (Element shows it under the message), or --list its reactions")
    {
        Add(_eventId);
        Add(_key);
        Add(_room);
        Add(_list);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var eventId = parse.GetValue(_eventId)!;
        var room = parse.GetValue(_room);
        if (parse.GetValue(_list))
        {
            if (parse.GetValue(_key) is not null) throw new UsageException("--list shows the reactions; give no key with it");
            return await WriteAsync(parse, await Agent(parse).ReactionsAsync(eventId, room, ct), GatewayJsonContext.Default.ReactionsResponse, List);
        }
        var sent = await Agent(parse).ReactAsync(new ReactRequest { EventId = eventId, Key = parse.GetValue(_key), Room = room }, ct);
        return await WriteAsync(parse, sent, GatewayJsonContext.Default.SendResponse, s => $"reacted: {s.EventId}");
    }

    private static string List(ReactionsResponse r) => r.Reactions.Count == 0
        ? "no reactions"
        : string.Join('\n', r.Reactions.Select(x => $"{x.Key} {x.Count}: {string.Join(", ", x.Senders)}"));
}
