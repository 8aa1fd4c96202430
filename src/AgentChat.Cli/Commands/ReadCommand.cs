using System.CommandLine;
using AgentChat.Cli.Contract;
using AgentChat.Cli.Output;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Verbs;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat read</c>: what this agent has not read yet (and marks it read), or a peek with --since.</summary>
internal sealed class ReadCommand : CchatVerb
{
    private readonly Option<string?> _since = new("--since") { Description = "Peek after this cursor (the 'next' of an earlier read); does not move the read marker" };
    private readonly Option<int?> _wait = new("--wait") { Description = "When nothing is unread, wait up to this many seconds for a message" };
    private readonly Option<int?> _limit = new("--limit") { Description = $"At most this many messages (default {ReadRules.DefaultLimit})" };
    private readonly Option<string?> _room = new("--room") { Description = "Room alias or id (default: the shared room)" };
    private readonly Option<bool> _mentions = new("--mentions") { Description = "Only messages that mention this agent (the others are marked read too)" };
    private readonly Option<string?> _kind = new("--kind") { Description = "Only this kind: task, question, status or chat (the others are marked read too)" };
    private readonly Option<string?> _thread = new("--thread") { Description = "Only this thread (its root event id), root first, after --since; a peek: the read marker stays" };

    public ReadCommand() : base("read", "Read the messages this agent has not read yet (others' messages; then marks them read), or peek with --since")
    {
        _kind.AcceptOnlyFromAmong([.. MessageKind.All]);
        Validation.Range(_wait, 0, ReadRules.MaxWaitSeconds);
        Validation.Range(_limit, 1, ReadRules.MaxLimit);
        Add(_since);
        Add(_wait);
        Add(_limit);
        Add(_room);
        Add(_mentions);
        Add(_kind);
        Add(Json);
        Add(_thread);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var args = new ReadArgs
        {
            Since = parse.GetValue(_since),
            WaitSeconds = parse.GetValue(_wait),
            Limit = parse.GetValue(_limit),
            Room = parse.GetValue(_room),
            MentionsOnly = parse.GetValue(_mentions),
            Kind = parse.GetValue(_kind),
        };
        var agent = Agent(parse);
        if (parse.GetValue(_thread) is not null && args.WaitSeconds is > 0) throw new UsageException("--wait does not combine with --thread; `cchat read --wait` wakes on any new message");
        var result = parse.GetValue(_thread) is { } id
            ? await new Tasks.TaskAgent(agent, TimeProvider.System).ThreadAsync(id, args.Since, args.Limit, ct)
            : await agent.ReadAsync(args, ct);
        return await WriteAsync(parse, result, GatewayJsonContext.Default.ReadResponse, TextFormat.Read);
    }
}
