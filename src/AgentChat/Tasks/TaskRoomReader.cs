using AgentChat.Accounting;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Tasks;

/// <summary>
/// Reads the tasks and threads of one room from the homeserver as <paramref name="self"/> sees them: the daemon's
/// endpoints and the CLI's direct mode both answer through this, with the same directory of who is human.
/// </summary>
public sealed class TaskRoomReader(MatrixClient client, UserId self, RoomId room, string? alias, SenderDirectory senders, IReadOnlyList<InstanceInfo> registry)
{
    private readonly TaskDirectory _directory = new(senders);

    public TaskDirectory Directory => _directory;

    public IReadOnlyList<InstanceInfo> Registry => registry;

    public AskingAccount Asking => new(self.Value, senders.IsHuman(self.Value));

    public async Task<TaskListResponse> ListAsync(TaskQuery query, CancellationToken ct)
    {
        var messages = await TaskSource.ScanAsync(client, room, alias, senders, TaskSource.MaxScan, ct);
        var tasks = TaskLedger.Derive(messages, _directory).Where(t => query.Matches(t, _directory)).ToList();
        return new TaskListResponse(tasks, Asking);
    }

    public async Task<TaskResponse> ShowAsync(string id, CancellationToken ct)
    {
        var thread = await TaskSource.ThreadAsync(client, room, id, alias, senders, ct);
        var task = TaskLedger.Derive(thread, _directory, withHistory: true).FirstOrDefault(t => t.Id == id)
                   ?? throw new VerbException(404, "unknown_task", $"{id} is not a task: a task is a [TASK] message (or a human's !task) outside any thread");
        return new TaskResponse(task, Asking, ThreadCost.Of(thread));
    }

    public async Task<ThreadsResponse> ThreadsAsync(CancellationToken ct)
    {
        var messages = await TaskSource.ScanAsync(client, room, alias, senders, TaskSource.MaxScan, ct);
        var marker = await client.GetFullyReadAsync(self, room, ct);
        return new ThreadsResponse(ThreadIndex.Build(messages, self.Value, marker?.Value));
    }

    /// <summary>The thread's messages in order; with <paramref name="since"/> (an event id in it) only those after it.</summary>
    public async Task<ReadResponse> ThreadAsync(string id, string? since, int limit, CancellationToken ct)
    {
        var thread = await TaskSource.ThreadAsync(client, room, id, alias, senders, ct);
        var from = since is null ? 0 : thread.ToList().FindIndex(m => m.EventId == since) + 1;
        var shown = thread.Skip(from).Take(limit).ToList();
        var next = shown.Count > 0 ? shown[^1].EventId : since ?? id;
        return new ReadResponse(shown, next);
    }
}
