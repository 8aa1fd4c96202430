using AgentChat.Daemon.Send;
using AgentChat.Gateway;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// The tasks of every room this agent follows: lists derived from the <see cref="TaskIndex"/> the sync keeps (no
/// history read per call), a <see cref="TaskRoomReader"/> over the room a task lives in (found from its id) for
/// show, thread and moves, and a <see cref="TaskMoveSender"/> that sends through the daemon's one send path.
/// </summary>
internal sealed class RoomTasks(
    MatrixClient client, FollowedRooms rooms, RegistryState registry, OutboxSend send, TaskIndexFeed feed, DaemonIdentity identity, DaemonOptions options)
{
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(30);

    /// <summary>The shared room's reader: new tasks and the room's threads.</summary>
    public async Task<TaskRoomReader> ReaderAsync(CancellationToken ct)
    {
        if (rooms.SharedRoomOrNull is not { } room)
            throw new VerbException(503, "shared_room_unavailable", $"the daemon is not in the shared room {identity.SharedRoom} yet");
        return await ReaderAsync(room, ct);
    }

    public async Task<TaskRoomReader> ReaderAsync(RoomId room, CancellationToken ct)
    {
        var instances = await registry.ReadAsync(fresh: false, ct, options.LookupBudget);
        return new TaskRoomReader(client, identity.UserId, room, rooms.AliasOf(room), registry.Senders, instances);
    }

    /// <summary>
    /// The reader over the room task (or thread) <paramref name="id"/> is in: the index knows the tasks it holds; an
    /// older one is looked for in the shared room, then in the other followed rooms; 404 <c>unknown_thread</c> when none has it.
    /// </summary>
    public async Task<TaskRoomReader> ReaderForAsync(string id, CancellationToken ct)
    {
        if (feed.Index.RoomOfTask(id) is { } known && rooms.IsFollowed(known)) return await ReaderAsync(known, ct);
        if (!id.StartsWith('$')) throw VerbException.BadRequest("bad_event_id", "a thread or task id is an event id ($...)");
        var shared = rooms.SharedRoomOrNull;
        foreach (var room in rooms.All.OrderBy(r => r == shared ? 0 : 1))
        {
            try
            {
                await client.GetEventAsync(room, new EventId(id), ct);
                return await ReaderAsync(room, ct);
            }
            catch (MatrixException e) when (e.ErrCode is MatrixErrorCodes.NotFound or MatrixErrorCodes.Forbidden || e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }
        throw new VerbException(404, "unknown_thread", $"no event {id} in the rooms this agent follows: `cchat task list` or `cchat threads` show the ids");
    }

    /// <summary>Every followed room's tasks that pass <paramref name="query"/>, oldest first, each naming its room.</summary>
    public async Task<TaskListResponse> ListAsync(TaskQuery query, CancellationToken ct)
    {
        var shared = await ReaderAsync(ct);
        try
        {
            await feed.Ready.WaitAsync(ReadyWait, ct);
        }
        catch (TimeoutException)
        {
            throw new VerbException(503, "tasks_loading", "the daemon is still reading its rooms' history; ask again in a moment");
        }
        var senders = registry.Senders;
        var tasks = new List<TaskView>();
        foreach (var room in rooms.All)
        {
            var messages = MessageParser.ParseAll(feed.Index.EventsOf(room), room, rooms.AliasOf(room), senders);
            tasks.AddRange(TaskLedger.Derive(messages, shared.Directory).Where(t => query.Matches(t, shared.Directory)));
        }
        return new TaskListResponse(tasks.OrderBy(t => t.CreatedTs).ThenBy(t => t.Id, StringComparer.Ordinal).ToList(), shared.Asking);
    }

    public TaskMoveSender MoveSender(TaskRoomReader reader) =>
        new(identity.UserId, identity.Instance, reader.ShowAsync, SendAsync, c => registry.ReadAsync(false, c, options.LookupBudget));

    /// <summary>A task message, sent as <c>POST /send</c> sends: it is refused, queued or stops waiting the same way.</summary>
    public async Task<TaskSent> SendAsync(SendRequest request, CancellationToken ct)
    {
        var sent = await send.SendAsync(request, ct);
        var room = request.Room is { } r && r.StartsWith('!') ? new RoomId(r) : rooms.SharedRoomOrNull;
        // a new task, or a move of a task the index holds: the next list shows it
        if (sent.Delivered?.EventId.Value is { } id && room is { } target && (request.Thread is null || feed.Index.RoomOfTask(request.Thread) is not null))
            await feed.SeenAsync(target, id, ct);
        return new TaskSent(sent.Delivered?.EventId.Value, sent.TxnId, sent.Queued, sent.Warnings);
    }
}
