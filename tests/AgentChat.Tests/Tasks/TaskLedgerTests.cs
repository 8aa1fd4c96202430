using System.Text;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Tests.Tasks;

/// <summary>The derivation rules on their own: what a thread's messages make of a task, whoever wrote them.</summary>
public sealed class TaskLedgerTests
{
    private const string Alpha = "@alpha:localhost";
    private const string Beta = "@beta:localhost";
    private const string Mallory = "@mallory:localhost";
    private const string Human = "@human:localhost";
    private const string Root = "$root";
    private static readonly RoomId Room = new("!room:localhost");

    private static readonly SenderDirectory Senders = SenderDirectory.FromState(
    [
        Entry(Alpha, "alpha"), Entry(Beta, "beta"), Entry(Mallory, "mallory"),
    ]);

    private static readonly TaskDirectory Directory = new(Senders);

    private int _ts;

    [Fact]
    public void A_full_round_moves_the_task_in_room_order()
    {
        var task = Derive(
            NewTask(Alpha, "write the report", Beta),
            Move(Beta, TaskStates.Accepted), Move(Beta, TaskStates.InProgress), Move(Beta, TaskStates.Blocked, waitingOn: [Human]),
            Reply(Human, "the numbers are in the drive"), Move(Beta, TaskStates.InProgress), Move(Beta, TaskStates.Done));
        Assert.Equal(TaskStates.Done, task.State);
        Assert.Equal(Beta, task.Assignee);
        Assert.Equal("beta", task.AssigneeInstance);
        Assert.Equal("write the report", task.Title);
        Assert.Equal([TaskStates.Accepted, TaskStates.InProgress, TaskStates.Blocked, TaskStates.InProgress, TaskStates.Done], task.History!.Select(h => h.State));
        Assert.All(task.History!, h => Assert.True(h.Applied, h.Reason));
        Assert.Empty(task.WaitingOn);
    }

    [Fact]
    public void Forged_or_malformed_meta_task_never_moves_a_task()
    {
        var task = Derive(
            NewTask(Alpha, "deploy", Beta),
            Move(Mallory, TaskStates.Done),                                        // neither creator, assignee nor human
            Move(Mallory, TaskStates.Assigned, assignee: Mallory),                  // nor may it take the task
            Raw(Beta, """{"task": "done"}"""),                                      // task is not an object
            Raw(Beta, """{"task": {"id": "$other", "state": "accepted"}}"""),       // another task's id
            Raw(Beta, """{"task": {"id": "$root", "state": "exploded"}}"""),        // no such state
            Raw(Beta, """{"task": {"id": "$root", "state": 7, "assignee": []}}"""), // wrong types
            Raw(Beta, """{"task": {"id": "$root", "state": "assigned", "assignee": "not a user"}}"""));
        Assert.Equal(TaskStates.Assigned, task.State);
        Assert.Equal(Beta, task.Assignee);
        Assert.Equal(7, task.History!.Count);
        Assert.All(task.History!, h => Assert.False(h.Applied));
        Assert.StartsWith("not_allowed", task.History![0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("not_allowed", task.History![1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_racing_moves_resolve_by_event_order()
    {
        var start = new[] { NewTask(Alpha, "migrate", Beta), Move(Beta, TaskStates.Accepted), Move(Beta, TaskStates.InProgress) };
        var doneFirst = Derive([.. start, Move(Beta, TaskStates.Done), Move(Alpha, TaskStates.Cancelled)]);
        Assert.Equal(TaskStates.Done, doneFirst.State);
        Assert.StartsWith("invalid_transition", doneFirst.History![^1].Reason, StringComparison.Ordinal);
        var cancelFirst = Derive([.. start, Move(Alpha, TaskStates.Cancelled), Move(Beta, TaskStates.Done)]);
        Assert.Equal(TaskStates.Cancelled, cancelFirst.State);
        Assert.False(cancelFirst.History![^1].Applied);
    }

    [Fact]
    public void Any_human_may_move_any_task_and_a_listed_human_is_not_a_claim()
    {
        var task = Derive(NewTask(Alpha, "rotate keys", Beta), Raw(Human, $$$"""{"task": {"id": "{{{Root}}}", "state": "cancelled"}}"""));
        Assert.Equal(TaskStates.Cancelled, task.State);
        // an agent saying it is human in its meta is still an agent
        var claimed = Derive(NewTask(Alpha, "rotate keys", Beta), Raw(Mallory, $$$"""{"human": true, "task": {"id": "{{{Root}}}", "state": "cancelled"}}"""));
        Assert.Equal(TaskStates.Assigned, claimed.State);
    }

    [Fact]
    public void Illegal_moves_are_refused_before_anything_is_sent()
    {
        var assigned = Derive(NewTask(Alpha, "ship it", Beta));
        var illegal = Assert.Throws<VerbException>(() => TaskMessages.Move(assigned, "done", Beta, "beta", false, null, null, null, [], null, null, null));
        Assert.Equal((409, "invalid_transition"), (illegal.Status, illegal.Code));
        var stranger = Assert.Throws<VerbException>(() => TaskMessages.Move(assigned, "accept", Mallory, "mallory", false, null, null, null, [], null, null, null));
        Assert.Equal((403, "not_allowed"), (stranger.Status, stranger.Code));
        var again = Assert.Throws<VerbException>(() => TaskMessages.Move(assigned, "assign", Alpha, "alpha", false, Beta, "beta", null, [], null, null, null));
        Assert.Equal(409, again.Status);
        var byHuman = TaskMessages.Move(assigned, "cancel", Human, "human", true, null, null, "not needed", [], null, null, null);
        Assert.Equal("cancelled by human: ship it — not needed", byHuman.Text);
        Assert.Equal(Root, byHuman.Thread);
        var finished = Derive(NewTask(Alpha, "ship it", Beta), Move(Alpha, TaskStates.Cancelled));
        Assert.Equal(409, Assert.Throws<VerbException>(() => TaskMessages.Move(finished, "start", Beta, "beta", false, null, null, null, [], null, null, null)).Status);
    }

    [Fact]
    public void A_humans_bang_task_names_its_assignee_and_an_agents_question_to_a_human_waits_on_them()
    {
        var bang = Derive(Human, Raw(Human, null, "!task @beta prepare the slides", root: true));
        Assert.Equal((TaskStates.Assigned, Beta, Human, "prepare the slides"), (bang.State, bang.Assignee, bang.Creator, bang.Title));
        Assert.True(bang.CreatorHuman);
        var prefix = Derive(Human, Raw(Human, null, "[TASK] @beta: check the backups", root: true));
        Assert.Equal((Beta, "check the backups"), (prefix.Assignee, prefix.Title));
        // an agent typing !task is not a human handing work over
        Assert.Empty(TaskLedger.Derive([Parse(Raw(Alpha, null, "!task @beta do it", root: true))], Directory));

        var asked = Derive(NewTask(Alpha, "pick a name", Beta), Question(Beta, "which name?", Human));
        Assert.Equal([Human], asked.WaitingOn);
        var answered = Derive(NewTask(Alpha, "pick a name", Beta), Question(Beta, "which name?", Human), Reply(Human, "call it Atlas"));
        Assert.Empty(answered.WaitingOn);
    }

    private TaskView Derive(params MatrixEvent[] events) => Derive(Alpha, events);

    private static TaskView Derive(string creator, params MatrixEvent[] events)
    {
        var task = Assert.Single(TaskLedger.Derive(events.Select(Parse), Directory, withHistory: true));
        Assert.Equal(creator, task.Creator);
        return task;
    }

    private static ChatMessage Parse(MatrixEvent e) => MessageParser.TryParse(e, Room, null, Senders)!;

    private MatrixEvent NewTask(string sender, string text, string? assignee) =>
        Event(sender, Root, TaskMessages.New(text, assignee, null, null, null), to: assignee);

    private MatrixEvent Move(string sender, string state, string? assignee = null, IReadOnlyList<string>? waitingOn = null) =>
        Event(sender, "$" + ++_ts, new() { Text = state, Kind = MessageKind.Task, Thread = Root,
            Meta = new TaskMeta(Root, state, assignee, null, waitingOn ?? []).ToMeta() }, to: null);

    private MatrixEvent Question(string sender, string text, string to) =>
        Event(sender, "$" + ++_ts, new() { Text = text, Kind = MessageKind.Question, Thread = Root }, to: to);

    private MatrixEvent Reply(string sender, string text) => Raw(sender, null, text);

    private MatrixEvent Raw(string sender, string? meta, string body = "[TASK] x", bool root = false)
    {
        var relation = root ? "" : $$""","m.relates_to":{"rel_type":"m.thread","event_id":"{{Root}}"}""";
        var metaJson = meta is null ? "" : $$""","{{MessageComposer.MetaKey}}":{{meta}}""";
        return Json($$$"""{"type":"m.room.message","event_id":"{{{(root ? Root : "$" + ++_ts)}}}","sender":"{{{sender}}}","origin_server_ts":{{{++_ts}}},"content":{"msgtype":"m.text","body":"{{{JsonEncodedText.Encode(body)}}}"{{{relation}}}{{{metaJson}}}}}""");
    }

    private MatrixEvent Event(string sender, string id, Gateway.SendRequest request, string? to)
    {
        var content = MessageComposer.Compose(new OutgoingMessage
        {
            Text = request.Text!, Kind = request.Kind!, Instance = Senders.InstanceOf(sender) ?? "x",
            To = to is null ? [] : [new Addressee(new UserId(to), Senders.InstanceOf(to) ?? "human")],
            Thread = request.Thread is { } t ? new EventId(t) : null, Meta = request.Meta,
        });
        return Json($$"""{"type":"m.room.message","event_id":"{{id}}","sender":"{{sender}}","origin_server_ts":{{++_ts}},"content":{{Encoding.UTF8.GetString(content)}}}""");
    }

    private static MatrixEvent Json(string json) => JsonSerializer.Deserialize(json, MatrixJsonContext.Default.MatrixEvent)!;

    private static MatrixEvent Entry(string user, string instance) => Json(
        $$$"""{"type":"{{{InstanceEntry.EventType}}}","state_key":"{{{user}}}","event_id":"$s","sender":"{{{user}}}","origin_server_ts":1,"content":{"instance":"{{{instance}}}","kind":"persistent","status":"online","user_id":"{{{user}}}"}}""");
}
