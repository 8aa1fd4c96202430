using System.CommandLine;
using AgentChat.Attachments;
using AgentChat.Cli.Attachments;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat fetch EVENT_ID [-o PATH]</c>: downloads a message's file through the authenticated media API.</summary>
internal sealed class FetchCommand : CchatVerb
{
    private readonly Argument<string> _eventId = new("event-id") { Description = "The message carrying the file ($...), as read shows it" };
    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Write here: a directory (the file keeps its sanitised name) or a file path (replaced). Default: the current directory",
    };
    private readonly Option<string?> _room = new("--room") { Description = "The message's room alias or id (default: the shared room)" };

    public FetchCommand() : base("fetch", "Download the file of an m.file/m.image message; prints where it went and its size")
    {
        Add(_eventId);
        Add(_output);
        Add(_room);
        Add(Json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var eventId = parse.GetValue(_eventId)!;
        if (!eventId.StartsWith('$')) throw new UsageException("give the message's event id ($...), as `cchat read` shows it");
        var result = await Agent(parse).FetchAsync(eventId, parse.GetValue(_room), parse.GetValue(_output), ct);
        return await WriteAsync(parse, result, AttachmentsJsonContext.Default.FetchResult,
            r => $"wrote {r.Path} ({Sizes.Human(r.Size)}, {r.Size} bytes{(r.Mimetype is { } m ? ", " + m : "")})");
    }
}
