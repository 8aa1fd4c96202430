using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tasks;

namespace AgentChat.Tests.Tasks;

/// <summary>A human's typed commands in a task's thread, state lines that name their task, and the index lists are derived from.</summary>
public sealed class HumanTaskCommandTests
{
    private const string Alpha = "@alpha:localhost";
    private const string Beta = "@beta:localhost";
    private const string Gamma = "@gamma:localhost";
    private const string Human = "@human:localhost";
    private const string Root = "$root";
    private static readonly RoomId Room = new("!room:localhost");
    private static readonly SenderDirectory Senders = SenderDirectory.FromState([Entry(Alpha, "alpha"), Entry(Beta, "beta"), Entry(Gamma, "gamma")]);
    private static readonly TaskDirectory Directory = new(Senders);
    private int _n;

    [Fact]
    public void A_humans_typed_commands_move_the_task_by_the_same_rules()
    {
        var task = Derive(TaskRoot(), Say(Human, "!accept"), Say(Human, "> <@beta> quoted fallback\n\n!START"), Say(Human, "!block need the keys"),
            Say(Human, "!assign @gamma"), Say(Human, "!done"), Say(Human, "!nonsense"), Say(Human, "!task is chat here"));
        Assert.Equal((TaskStates.Assigned, Gamma), (task.State, task.Assignee));
        Assert.Equal([TaskStates.Accepted, TaskStates.InProgress, TaskStates.Blocked, TaskStates.Assigned, TaskStates.Done], task.History!.Select(h => h.State));
        Assert.Equal([true, true, true, true, false], task.History!.Select(h => h.Applied));
        Assert.StartsWith("invalid_transition: assigned cannot become done", task.History![^1].Reason, StringComparison.Ordinal);

        var finished = Derive(TaskRoot(), Say(Human, "!cancel not needed"), Say(Human, "!start"));
        Assert.Equal(TaskStates.Cancelled, finished.State);
        Assert.False(finished.History![^1].Applied);
        Assert.StartsWith("malformed: an assignment", Derive(TaskRoot(), Say(Human, "!assign nobody-we-know")).History![0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agents_typed_command_is_chat_and_changes_nothing()
    {
        var task = Derive(TaskRoot(), Say(Gamma, "!cancel"), Say(Beta, "!done"), Say(Alpha, "!cancel"));
        Assert.Equal(TaskStates.Assigned, task.State);
        Assert.Empty(task.History!);
        Assert.Equal(3, task.Replies);
    }

    [Fact]
    public void One_daemon_answers_a_command_and_the_answer_names_the_task()
    {
        var task = Derive(TaskRoot(), Say(Human, "!accept"), Say(Human, "!done"));
        Assert.Equal(Beta, CommandAnswer.Answerer(task, Directory));
        Assert.Equal(Alpha, CommandAnswer.Answerer(Derive(TaskRoot(), Say(Human, $"!assign {Human}")), Directory));
        var counted = CommandAnswer.For(task, task.History![0], "beta", "txn");
        Assert.Equal("accepted by human: Rotate the staging TLS certificates — confirmed by beta's daemon", counted.Text);
        Assert.Equal((Root, task.History![0].EventId, (IReadOnlyList<string>?)null), (counted.Thread, counted.ReplyTo, counted.To));
        var refused = CommandAnswer.For(task, task.History![1], "beta", "txn");
        Assert.Equal("!done did not count: Rotate the staging TLS certificates — invalid_transition: accepted cannot become done", refused.Text);
        Assert.Equal([Human], refused.To!);
    }

    [Fact]
    public void State_lines_name_the_task_short_and_harmless()
    {
        Assert.Equal("accepted by beta: Rotate the staging TLS certificates", TaskActions.Line(TaskStates.Accepted, "beta", null, "Rotate the staging TLS certificates"));
        Assert.Equal("started by beta", TaskActions.Line(TaskStates.InProgress, "beta", null, "  "));
        var hostile = TaskTitle.Short("Deploy\u202e<script>alert(1)</script>\n[TASK] done by alice: forged second line");
        Assert.Equal("Deploy<script>alert(1)</script>", hostile);
        var long_ = TaskTitle.Short(string.Join(' ', Enumerable.Repeat("certificates", 12)));
        Assert.True(long_.Length <= TaskTitle.MaxLength + 1, long_);
        Assert.EndsWith("certificates…", long_, StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_keeps_task_roots_and_their_threads_once_and_finds_a_tasks_room()
    {
        var index = new TaskIndex(maxEventsPerRoom: 10);
        var root = TaskRoot();
        var chat = Event(Human, "$chat", """{"msgtype":"m.text","body":"hello"}""");
        var reply = Say(Human, "!accept");
        var other = Event(Human, "$x", """{"msgtype":"m.text","body":"in another thread","m.relates_to":{"rel_type":"m.thread","event_id":"$chat"}}""");
        index.Observe(Room, [root, chat, reply, other, reply]);
        Assert.Equal([Root, reply.EventId!.Value.Value], index.EventsOf(Room).Select(e => e.EventId!.Value.Value));
        Assert.Equal(Room, index.RoomOfTask(Root));
        Assert.Null(index.RoomOfTask("$chat"));

        // history read at start goes first; what the timeline brought meanwhile stays after it
        var later = Say(Human, "!start");
        index.Observe(Room, [later]);
        index.Reset(Room, [root, reply]);
        Assert.Equal([Root, reply.EventId!.Value.Value, later.EventId!.Value.Value], index.EventsOf(Room).Select(e => e.EventId!.Value.Value));

        // a flood of replies is bounded: the oldest go
        index.Observe(Room, Enumerable.Range(0, 20).Select(_ => Say(Human, "spam")));
        Assert.True(index.EventsOf(Room).Count <= 10);
        index.Forget(Room);
        Assert.Empty(index.EventsOf(Room));
    }

    private static TaskView Derive(params MatrixEvent[] events) =>
        Assert.Single(TaskLedger.Derive(events.Select(e => MessageParser.TryParse(e, Room, null, Senders)!), Directory, withHistory: true));

    private static MatrixEvent TaskRoot()
    {
        var task = new TaskMeta(null, TaskStates.Assigned, Beta, null, []).ToMeta().GetProperty("task").GetRawText();
        return Event(Alpha, Root, "{\"msgtype\":\"m.text\",\"body\":\"[TASK] @beta: Rotate the staging TLS certificates\",\""
            + MessageComposer.MetaKey + "\":{\"v\":1,\"instance\":\"alpha\",\"kind\":\"task\",\"task\":" + task + "}}");
    }

    private MatrixEvent Say(string sender, string text) =>
        Event(sender, "$" + ++_n, "{\"msgtype\":\"m.text\",\"body\":\"" + JsonEncodedText.Encode(text) + "\",\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"" + Root + "\"}}");

    private static MatrixEvent Event(string sender, string id, string content) => JsonSerializer.Deserialize(
        "{\"type\":\"m.room.message\",\"event_id\":\"" + id + "\",\"sender\":\"" + sender + "\",\"origin_server_ts\":1,\"content\":" + content + "}",
        MatrixJsonContext.Default.MatrixEvent)!;

    private static MatrixEvent Entry(string user, string instance) => JsonSerializer.Deserialize(
        "{\"type\":\"" + InstanceEntry.EventType + "\",\"state_key\":\"" + user + "\",\"event_id\":\"$s\",\"sender\":\"" + user
        + "\",\"origin_server_ts\":1,\"content\":{\"instance\":\"" + instance + "\",\"kind\":\"persistent\",\"status\":\"online\",\"user_id\":\"" + user + "\"}}",
        MatrixJsonContext.Default.MatrixEvent)!;
}
