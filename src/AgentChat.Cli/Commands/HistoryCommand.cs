using System.CommandLine;
using AgentChat.Cli.History;
using AgentChat.History;
using AgentChat.Messages;

namespace AgentChat.Cli.Commands;

/// <summary>
/// <c>cchat history</c> and <c>cchat search</c>: past messages from the archive, filtered (and ranked when there are
/// words); without an archive, from Matrix /messages with the same output, said on stderr.
/// </summary>
internal sealed class HistoryCommand : CchatVerb
{
    private readonly bool _search;
    private readonly Argument<string?> _words = new("words") { Description = "Words to search for (all must occur; \"quoted phrase\", -word to exclude)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _room = new("--room") { Description = "Room alias or id (default: every archived room; without an archive, the shared room)" };
    private readonly Option<string?> _sender = new("--sender") { Description = "Only from this sender: Matrix id or instance name" };
    private readonly Option<string?> _kind = new("--kind") { Description = "Only this kind: task, question, status or chat" };
    private readonly Option<string?> _thread = new("--thread") { Description = "One thread, in order: its root event id" };
    private readonly Option<string?> _from = new("--from") { Description = "Not before this time (ISO 8601 or Unix ms)" };
    private readonly Option<string?> _to = new("--to") { Description = "Not after this time (ISO 8601 or Unix ms)" };
    private readonly Option<int?> _limit = new("--limit") { Description = $"At most this many messages (default {HistoryQuery.DefaultLimit})" };
    private readonly Option<string?> _before = new("--before") { Description = "Older than this event id (the 'next' of an earlier page)" };

    private HistoryCommand(string name, string description, bool search) : base(name, description)
    {
        _search = search;
        if (search) _words.Arity = ArgumentArity.ExactlyOne;
        _kind.AcceptOnlyFromAmong([.. MessageKind.All]);
        Validation.Range(_limit, 1, HistoryQuery.MaxLimit);
        Add(_words);
        Add(_room);
        Add(_sender);
        Add(_kind);
        Add(_thread);
        Add(_from);
        Add(_to);
        Add(_limit);
        Add(_before);
        Add(Json);
    }

    public static HistoryCommand History() => new("history",
        "Past messages from the archive (`cchat archive`), newest page last; filter by room, sender, kind, thread and time. "
        + "Without an archive it reads Matrix /messages instead, and says so on stderr", search: false);

    public static HistoryCommand Search() => new("search",
        "Full-text search of the archive: best matches first, with the matching words in «guillemets»; same filters as history", search: true);

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        HistoryQuery query;
        try
        {
            query = new HistoryQuery
            {
                Q = parse.GetValue(_words),
                Room = parse.GetValue(_room),
                Sender = parse.GetValue(_sender),
                Kind = parse.GetValue(_kind),
                Thread = parse.GetValue(_thread),
                From = HistoryQuery.Time(parse.GetValue(_from), "--from"),
                To = HistoryQuery.Time(parse.GetValue(_to), "--to"),
                Limit = parse.GetValue(_limit) ?? HistoryQuery.DefaultLimit,
                Before = parse.GetValue(_before),
            };
        }
        catch (AgentChat.Verbs.VerbException e)
        {
            throw new UsageException(e.Message);
        }
        if (_search && string.IsNullOrWhiteSpace(query.Q)) throw new UsageException("search needs words to look for");
        var err = Err(parse);
        var service = new HistoryService(Settings(parse), Http.Client, note => err.WriteLine($"cchat {Name}: {note}"));
        return await WriteAsync(parse, await service.QueryAsync(query, ct), HistoryJsonContext.Default.HistoryResponse, HistoryText.Format);
    }
}
