using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Tasks;

/// <summary>Humans and agents use the same words: typed moves in a task's thread, <c>--to</c>, and tasks in every followed room (real Synapse).</summary>
public sealed class TaskThreadCommandTests
{
    private static readonly TimeSpan Timeout = TaskRoom.Timeout;
    private const string Title = "Rotate the staging TLS certificates";

    [Fact]
    public async Task A_human_moves_a_task_by_typing_in_its_thread_and_one_daemon_answers_each_command_once()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var mallory = await server.CreateUserAsync("mallory");
        await using var room = await TaskRoom.StartAsync(daemons: true, mallory);
        using var evil = room.Cli(mallory);
        await evil.OkAsync("send", "hello, I am an agent too");
        await evil.OkAsync("send", "and this one is bound to my entry");
        foreach (var daemon in new[] { room.AlphaDaemon!, room.BetaDaemon! })
            await Eventually.WaitAsync(async () => (await daemon.ReadAsync("?since=0")).Messages
                .FirstOrDefault(m => m.Sender == mallory.UserId.Value && m.Instance is not null), Timeout, "the daemons know mallory as an agent");
        var (betaName, humanName) = (room.Beta.UserId.Localpart, room.Human.UserId.Localpart);
        using var alpha = room.Cli(room.Alpha, room.AlphaDaemon);
        using var beta = room.Cli(room.Beta, room.BetaDaemon);

        var id = TaskRoom.Moved(await alpha.OkAsync("task", "new", Title, "--to", betaName, "--json")).EventId!;
        await beta.OkAsync("task", "accept", id);
        Assert.Contains(await room.RawThreadAsync(id), e => e.ContentString("body") == $"[TASK] accepted by {betaName}: {Title}");

        var start = await CommandAsync(room, id, "!start");
        Assert.Equal($"[TASK] started by {humanName}: {Title} — confirmed by {betaName}'s daemon", (await AnswerAsync(room, id, start)).ContentString("body"));
        var seen = (await room.AlphaDaemon!.GetAsync($"/tasks/{Uri.EscapeDataString(id)}", TasksJsonContext.Default.TaskResponse)).Task;
        Assert.Equal((TaskStates.InProgress, room.Human.UserId.Value, true), (seen.State, seen.History![^1].Sender, seen.History[^1].Applied));

        var illegal = await CommandAsync(room, id, "!accept");
        var refusal = await AnswerAsync(room, id, illegal);
        Assert.Equal($"[TASK] @{humanName}: !accept did not count: {Title} — invalid_transition: in_progress cannot become accepted", refusal.ContentString("body"));
        Assert.Contains(room.Human.UserId.Value, refusal.Content.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));

        var forged = (await room.HumanSaysAsync("!cancel", thread: id, as_: mallory)).Value; // an agent's typed word is chat
        var block = await CommandAsync(room, id, "!block waiting for the new CA");
        await AnswerAsync(room, id, block);
        var done = await CommandAsync(room, id, "!done");
        Assert.Equal($"[TASK] done by {humanName}: {Title} — confirmed by {betaName}'s daemon", (await AnswerAsync(room, id, done)).ContentString("body"));
        var task = TaskRoom.Show(await alpha.OkAsync("task", "show", id, "--json")).Task;
        Assert.Equal(TaskStates.Done, task.State);
        Assert.Equal([TaskStates.Accepted, TaskStates.InProgress, TaskStates.Accepted, TaskStates.Blocked, TaskStates.Done], task.History!.Select(h => h.State));
        Assert.Equal([true, true, false, true, true], task.History!.Select(h => h.Applied));
        Assert.EndsWith("\n", await alpha.OkAsync("task", "show", id), StringComparison.Ordinal);

        // restarted, the daemons leave answered commands alone; a new one is answered, each exactly once
        await room.RestartDaemonsAsync();
        var late = await CommandAsync(room, id, "!start");
        await AnswerAsync(room, id, late);
        var raw = await room.RawThreadAsync(id);
        foreach (var command in new[] { start, illegal, block, done, late })
            Assert.Single(raw, e => TaskRoom.RawReplyTo(e) == command && e.Sender!.Value == room.Beta.UserId);
        Assert.DoesNotContain(raw, e => TaskRoom.RawReplyTo(e) == forged && e.Sender!.Value != mallory.UserId);
        Assert.Equal(TaskStates.Done, (await room.BetaDaemon!.GetAsync($"/tasks/{Uri.EscapeDataString(id)}", TasksJsonContext.Default.TaskResponse)).Task.State);
    }

    [Fact]
    public async Task Tasks_in_every_followed_room_are_listed_with_their_room_and_moved_where_they_live()
    {
        await using var room = await TaskRoom.StartAsync();
        var other = await room.Human.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat", Invite = [room.Alpha.UserId, room.Beta.UserId] }).WaitAsync(Timeout);
        foreach (var daemon in new[] { room.AlphaDaemon!, room.BetaDaemon! })
            await Eventually.WaitAsync(async () => (await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).Rooms.Contains(other.Value) ? "joined" : null,
                Timeout, $"{daemon.User.UserId} joins the second room");
        using var beta = room.Cli(room.Beta, room.BetaDaemon);
        var here = TaskRoom.Moved(await beta.OkAsync("task", "new", "Tidy the shared room", "--json")).EventId!;
        var there = (await room.AlphaDaemon!.SendAsync(new SendRequest { Text = "Renew the domain", Kind = "task", To = [room.Beta.UserId.Value], Room = other.Value })).EventId;
        var bang = (await room.HumanSaysAsync($"!task @{room.Beta.UserId.Localpart} check the invoices", in_: other)).Value;

        var listed = await Eventually.WaitAsync(async () =>
        {
            var tasks = (await room.AlphaDaemon.GetAsync("/tasks", TasksJsonContext.Default.TaskListResponse)).Tasks;
            return tasks.Count == 3 ? tasks : null;
        }, Timeout, "alpha's daemon lists the tasks of both rooms");
        Assert.Equal([(here, room.RoomId.Value), (there, other.Value), (bang, other.Value)], listed.Select(t => (t.Id, t.RoomId)));
        Assert.Equal(room.Room, listed[0].Room);
        Assert.Contains($"in {other.Value}", await beta.OkAsync("task", "list", "--assignee", room.Beta.UserId.Localpart), StringComparison.Ordinal);

        // show and move find the task's room from its id; the move lands in that room's thread
        Assert.Equal(TaskStates.Accepted, TaskRoom.Moved(await beta.OkAsync("task", "accept", there, "--json")).Task!.State);
        Assert.Contains(await room.RawThreadAsync(there, other), e => TaskRoom.RawState(e) == TaskStates.Accepted && e.Sender!.Value == room.Beta.UserId);
        Assert.Equal(other.Value, TaskRoom.Show(await beta.OkAsync("task", "show", there, "--json")).Task.RoomId);
        // a human's !task there is confirmed by beta's daemon there
        await Eventually.WaitAsync(async () => (await room.RawThreadAsync(bang, other)).FirstOrDefault(e => TaskRoom.RawState(e) == TaskStates.Assigned),
            Timeout, "beta's daemon confirms the !task in the second room");
    }

    private static async Task<string> CommandAsync(TaskRoom room, string task, string text) => (await room.HumanSaysAsync(text, thread: task)).Value;

    private static Task<MatrixEvent> AnswerAsync(TaskRoom room, string task, string command) =>
        Eventually.WaitAsync(async () => (await room.RawThreadAsync(task)).FirstOrDefault(e => TaskRoom.RawReplyTo(e) == command && !e.ContentString("body")!.StartsWith('!')),
            Timeout, $"a daemon answers {command}");
}
