using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tasks;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Tasks;

/// <summary>Tasks on a real Synapse, between a human account and two agents with daemons.</summary>
public sealed class TaskRoundTests
{
    private static readonly TimeSpan Timeout = TaskRoom.Timeout;

    [Fact]
    public async Task A_full_round_reads_the_same_through_the_cli_the_gateway_mcp_and_a_raw_observer()
    {
        await using var room = await TaskRoom.StartAsync();
        using var alpha = room.Cli(room.Alpha);                      // direct mode: no daemon in reach
        using var beta = room.Cli(room.Beta, room.BetaDaemon);       // through beta's daemon
        var betaName = room.Beta.UserId.Localpart;
        var human = room.Human.UserId.Value;

        var created = TaskRoom.Moved(await alpha.OkAsync("task", "new", "Write the Q3 report", "--to", room.Beta.UserId.Value, "--due", "2026-12-01", "--json"));
        var id = created.EventId!;
        Assert.Equal((TaskStates.Assigned, room.Beta.UserId.Value, "2026-12-01"), (created.Task!.State, created.Task.Assignee, created.Task.Due));

        using (var accept = await room.BetaDaemon!.Http.PostAsync($"/tasks/{Uri.EscapeDataString(id)}", Body("""{"action": "accept"}""")).WaitAsync(Timeout))
            Assert.True(accept.StatusCode == HttpStatusCode.OK, await accept.Content.ReadAsStringAsync());
        Assert.Equal(TaskStates.InProgress, TaskRoom.Moved(await beta.OkAsync("task", "start", id, "--json")).Task!.State);
        var blocked = TaskRoom.Moved(await beta.OkAsync("task", "block", id, "need the Q3 numbers", "--on", human, "--json")).Task!;
        Assert.Equal(TaskStates.Blocked, blocked.State);
        Assert.Equal([human], blocked.WaitingOn);
        await beta.OkAsync("send", "--kind", "question", "--to", human, "--thread", id, "which quarter, calendar or fiscal?");

        var waiting = TaskRoom.List(await alpha.OkAsync("task", "list", "--waiting-on-humans", "--json"));
        Assert.Equal([id], waiting.Tasks.Select(t => t.Id));
        Assert.Equal([human], waiting.Tasks[0].WaitingOn);

        await room.HumanSaysAsync("calendar; the numbers are in the shared drive", thread: id);
        await beta.OkAsync("task", "start", id, "resuming");
        var done = TaskRoom.Moved(await beta.OkAsync("task", "done", id, "report written", "--json")).Task!;
        Assert.Equal(TaskStates.Done, done.State);
        Assert.Empty(TaskRoom.List(await alpha.OkAsync("task", "list", "--waiting-on-humans", "--json")).Tasks);

        // the same task, whoever looks and however
        var viaCli = TaskRoom.Show(await alpha.OkAsync("task", "show", id, "--json")).Task;
        var viaGateway = (await room.AlphaDaemon!.GetAsync($"/tasks/{Uri.EscapeDataString(id)}", TasksJsonContext.Default.TaskResponse)).Task;
        using var humanCli = room.Cli(room.Human);
        await using var mcp = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat", Command = Cchat.Binary, Arguments = ["mcp"], EnvironmentVariables = humanCli.Env, ShutdownTimeout = TimeSpan.FromSeconds(5),
        })).WaitAsync(Timeout);
        var shown = await mcp.CallToolAsync(new CallToolRequestParams
        {
            Name = "task_show", Arguments = new Dictionary<string, JsonElement> { ["id"] = JsonSerializer.SerializeToElement(id, CliTestJsonContext.Default.String) },
        }).AsTask().WaitAsync(Timeout);
        Assert.True(shown.IsError != true, Text(shown));
        var viaMcp = TaskRoom.Show(Text(shown)).Task;
        Assert.Equal(TaskRoom.Json(viaCli), TaskRoom.Json(viaGateway));
        Assert.Equal(TaskRoom.Json(viaCli), TaskRoom.Json(viaMcp));
        string[] round = [TaskStates.Accepted, TaskStates.InProgress, TaskStates.Blocked, TaskStates.InProgress, TaskStates.Done];
        Assert.Equal(round, viaCli.History!.Select(h => h.State));
        Assert.All(viaCli.History!, h => Assert.True(h.Applied, h.Reason));

        // a raw Matrix observer sees the same story, in words a human reads
        var raw = await room.RawThreadAsync(id);
        Assert.Equal(round, raw.Select(TaskRoom.RawState).OfType<string>());
        var bodies = raw.Where(e => TaskRoom.RawState(e) is not null).Select(e => e.ContentString("body")).ToList();
        Assert.Equal($"[TASK] accepted by {betaName}: Write the Q3 report", bodies[0]);
        Assert.Equal($"[TASK] started by {betaName}: Write the Q3 report", bodies[1]);
        Assert.Equal($"[TASK] @{room.Human.UserId.Localpart}: blocked by {betaName}: Write the Q3 report — need the Q3 numbers", bodies[2]);
        Assert.Equal($"[TASK] done by {betaName}: Write the Q3 report — report written", bodies[4]);
        var question = Assert.Single(raw, e => e.ContentString("body")!.StartsWith("[QUESTION]", StringComparison.Ordinal));
        Assert.Contains(human, question.Content.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        Assert.Contains($"https://matrix.to/#/{human}", question.ContentString("formatted_body"), StringComparison.Ordinal);
        var rootEvent = await room.Human.Client.GetEventAsync(room.RoomId, new AgentChat.Matrix.EventId(id)).WaitAsync(Timeout);
        Assert.Equal($"[TASK] @{betaName}: Write the Q3 report", rootEvent.ContentString("body"));

        // threads: the whole thread in order, and the room's threads with participants and unread counts
        var thread = CliJson.Read(await alpha.OkAsync("thread", id, "--json"));
        Assert.Equal(id, thread.Messages[0].EventId);
        Assert.Equal(raw.Select(e => e.EventId!.Value.Value), thread.Messages.Skip(1).Select(m => m.EventId));
        var later = CliJson.Read(await alpha.OkAsync("read", "--thread", id, "--since", thread.Messages[3].EventId, "--json"));
        Assert.Equal(thread.Messages.Skip(4).Select(m => m.EventId), later.Messages.Select(m => m.EventId));
        var threads = await room.AlphaDaemon.GetAsync("/threads", TasksJsonContext.Default.ThreadsResponse);
        var summary = Assert.Single(threads.Threads, t => t.Id == id);
        Assert.Equal(raw.Count, summary.Replies);
        Assert.Equal(new[] { room.Alpha.UserId.Value, room.Beta.UserId.Value, human }.Order(), summary.Participants.Order());
        Assert.True(summary.Unread > 0);
        Assert.Equal(raw[^1].EventId!.Value.Value, summary.LastEventId);
    }

    [Fact]
    public async Task Illegal_and_forged_moves_are_refused_and_change_nothing()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var mallory = await server.CreateUserAsync("mallory");
        await using var room = await TaskRoom.StartAsync(daemons: true, mallory);
        using var alpha = room.Cli(room.Alpha);
        using var evil = room.Cli(mallory);
        await evil.OkAsync("send", "hello, I am an agent too"); // joins, then writes mallory's registry entry: an agent, not a human
        await evil.OkAsync("send", "and this one is bound to my entry");
        await Eventually.WaitAsync(async () => (await room.AlphaDaemon!.ReadAsync("?since=0")).Messages
            .FirstOrDefault(m => m.Sender == mallory.UserId.Value && m.Instance is not null), Timeout, "alpha's daemon knows mallory as an agent");
        var id = TaskRoom.Moved(await alpha.OkAsync("task", "new", "Rotate the keys", "--assign", room.Beta.UserId.Value, "--json")).EventId!;
        var path = $"/tasks/{Uri.EscapeDataString(id)}";

        using (var early = await room.BetaDaemon!.Http.PostAsync(path, Body("""{"action": "done"}""")).WaitAsync(Timeout))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal("invalid_transition", (await early.Content.ReadFromJsonAsync(GatewayJsonContext.Default.ErrorBody))!.Code);
        }
        using (var bogus = await room.BetaDaemon.Http.PostAsync(path, Body("""{"action": "explode"}""")).WaitAsync(Timeout))
            Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
        using (var unknown = await room.BetaDaemon.Http.PostAsync("/tasks/%24nothere", Body("""{"action": "accept"}""")).WaitAsync(Timeout))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var refused = await alpha.RunAsync("task", "done", id);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("cannot become done", refused.StdErr, StringComparison.Ordinal);
        Assert.StartsWith("cchat task done: ", refused.StdErr, StringComparison.Ordinal); // the whole verb, not only its last word
        var stranger = await evil.RunAsync("task", "cancel", id);
        Assert.Equal(2, stranger.ExitCode);
        Assert.Contains("only the task's creator", stranger.StdErr, StringComparison.Ordinal);

        // what the CLI refuses, mallory writes into the room by hand: it is recorded and ignored
        await room.HumanSaysAsync("[TASK] done by beta", thread: id, as_: mallory,
            extraContent: $$$""","com.aiagentchat.meta":{"v":1,"instance":"{{{room.Beta.UserId.Localpart}}}","kind":"task","task":{"id":"{{{id}}}","state":"done","assignee":"{{{mallory.UserId}}}"}}""");
        await room.HumanSaysAsync("[TASK] broken", thread: id, as_: mallory, extraContent: ""","com.aiagentchat.meta":{"task":["not","an","object"]}""");
        var task = (await room.AlphaDaemon!.GetAsync(path, TasksJsonContext.Default.TaskResponse)).Task;
        Assert.Equal((TaskStates.Assigned, room.Beta.UserId.Value), (task.State, task.Assignee));
        Assert.Equal(2, task.History!.Count);
        Assert.All(task.History, h => Assert.False(h.Applied));
        Assert.StartsWith("not_allowed", task.History[0].Reason, StringComparison.Ordinal);

        // the assignee's own move still works after all that
        using var beta = room.Cli(room.Beta, room.BetaDaemon);
        Assert.Equal(TaskStates.Accepted, TaskRoom.Moved(await beta.OkAsync("task", "accept", id, "--json")).Task!.State);
    }

    [Fact]
    public async Task A_humans_bang_task_is_confirmed_once_and_every_task_survives_a_restart_of_both_daemons()
    {
        await using var room = await TaskRoom.StartAsync();
        var betaName = room.Beta.UserId.Localpart;
        var bang = (await room.HumanSaysAsync($"!task @{betaName} prepare the slides for Monday")).Value;
        var confirmation = await ConfirmedAsync(room, bang);
        Assert.Equal(room.Beta.UserId.Value, confirmation.Sender!.Value.Value);
        Assert.Equal($"[TASK] assigned to {betaName}: prepare the slides for Monday — confirmed by {betaName}'s daemon", confirmation.ContentString("body"));

        var forBeta = (await room.AlphaDaemon!.GetAsync($"/tasks?assignee={betaName}", TasksJsonContext.Default.TaskListResponse)).Tasks;
        var handed = Assert.Single(forBeta);
        Assert.Equal((bang, TaskStates.Assigned, room.Human.UserId.Value, "prepare the slides for Monday", true),
            (handed.Id, handed.State, handed.Creator, handed.Title, handed.CreatorHuman));

        // more tasks in other states, through the gateways
        var second = await PostAsync(room.AlphaDaemon, "/tasks", $$"""{"text": "Benchmark the outbox", "assignee": "{{room.Beta.UserId}}"}""");
        var secondId = second.GetProperty("task").GetProperty("id").GetString()!;
        await PostAsync(room.BetaDaemon!, $"/tasks/{Uri.EscapeDataString(secondId)}", """{"action": "accept"}""");
        await PostAsync(room.BetaDaemon!, $"/tasks/{Uri.EscapeDataString(secondId)}", """{"action": "start"}""");
        var third = await PostAsync(room.AlphaDaemon, "/tasks", """{"text": "Nobody's yet"}""");
        await PostAsync(room.AlphaDaemon, $"/tasks/{Uri.EscapeDataString(third.GetProperty("event_id").GetString()!)}", """{"action": "cancel", "note": "not needed"}""");

        var before = await ListJsonAsync(room);
        Assert.Equal([TaskStates.Assigned, TaskStates.InProgress, TaskStates.Cancelled],
            TaskRoom.List(before).Tasks.Select(t => t.State));

        await room.RestartDaemonsAsync();
        Assert.Equal(before, await ListJsonAsync(room));
        var fromBeta = (await room.BetaDaemon!.GetAsync("/tasks", TasksJsonContext.Default.TaskListResponse)).Tasks;
        Assert.Equal(TaskRoom.List(before).Tasks.Select(TaskRoom.Json), fromBeta.Select(TaskRoom.Json));

        // beta's restarted daemon read the first !task again and left it alone: a later one is confirmed, the first still once
        var later = (await room.HumanSaysAsync($"!task @{betaName} and the agenda")).Value;
        await ConfirmedAsync(room, later);
        Assert.Single(await room.RawThreadAsync(bang), e => e.Sender!.Value == room.Beta.UserId);
    }

    private static async Task<AgentChat.Matrix.MatrixEvent> ConfirmedAsync(TaskRoom room, string root) =>
        await Eventually.WaitAsync(async () => (await room.RawThreadAsync(root)).FirstOrDefault(e => TaskRoom.RawState(e) == TaskStates.Assigned),
            Timeout, $"beta's daemon confirms {root}");

    private static async Task<string> ListJsonAsync(TaskRoom room)
    {
        var list = await room.AlphaDaemon!.GetAsync("/tasks", TasksJsonContext.Default.TaskListResponse);
        return JsonSerializer.Serialize(list, TasksJsonContext.Default.TaskListResponse);
    }

    private static async Task<JsonElement> PostAsync(Daemon.TestDaemon daemon, string path, string json)
    {
        using var response = await daemon.Http.PostAsync(path, Body(json)).WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {text}");
        return CliJson.Object(text);
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
