using System.CommandLine;
using AgentChat.Tasks;

namespace AgentChat.Cli.Tasks;

/// <summary><c>cchat threads</c>: the shared room's threads, last activity first, with participants and unread counts.</summary>
internal sealed class ThreadsCommand : TaskVerb
{
    public ThreadsCommand() : base("threads", "List the shared room's threads: last activity, participants, what you have not read") => Add(Json);

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct) =>
        await WriteAsync(parse, await Tasks(parse).ThreadsAsync(ct), TasksJsonContext.Default.ThreadsResponse, TaskText.Threads);
}
