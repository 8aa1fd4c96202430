using System.Net;
using System.Text;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Tasks;

namespace AgentChat.Tests.Hostile;

/// <summary>
/// A room member posts malformed task events — junk <c>meta.task</c>, junk thread relations, junk moves in a real task's
/// thread — into the daemons' task index: each is skipped, the real task reads right, and no daemon stops, live or
/// rebuilding its index from history after a restart. Real Synapse, real daemons.
/// </summary>
public sealed class HostileTaskEventTests
{
    private static readonly TimeSpan Timeout = TaskRoom.Timeout;

    [Fact]
    public async Task Malformed_task_events_are_skipped_by_the_task_index_and_stop_no_daemon()
    {
        await using var room = await TaskRoom.StartAsync();
        var created = TaskRoom.Moved(await PostAsync(room.AlphaDaemon!, "/tasks", $$"""{"text": "Rotate the keys", "assignee": "{{room.Beta.UserId}}"}"""));
        var id = created.EventId!;

        string[] roots =
        [
            """{"msgtype":"m.text","body":"[TASK] junk one","com.aiagentchat.meta":{"task":5}}""",
            """{"msgtype":"m.text","body":"[TASK] junk two","com.aiagentchat.meta":{"kind":"task","task":{"id":7,"state":{"x":1},"assignee":[1],"due":{},"waiting_on":"all"}}}""",
            """{"msgtype":"m.text","body":"[TASK] junk three","com.aiagentchat.meta":"task"}""",
            """{"msgtype":"m.text","body":7,"com.aiagentchat.meta":{"kind":"task"}}""",
            """{"msgtype":"m.text","body":"[TASK] junk four","m.relates_to":"not an object"}""",
            """{"msgtype":"m.text","body":"[TASK] junk five","m.relates_to":{"rel_type":"m.thread","event_id":5}}""",
            """{"msgtype":"m.text","body":"[TASK] junk six","m.relates_to":{"rel_type":"m.thread","event_id":"$nowhere"}}""",
            """{"msgtype":"m.text","body":"[TASK] junk seven","com.aiagentchat.meta":{"kind":"task","task":{"id":""" + $"\"{id}\",\"state\":\"done\",\"due\":\"{new string('9', 5000)}\"" + "}}}",
        ];
        string[] moves =
        [
            """{"task":[]}""",
            """{"task":{"state":"exploded"}}""",
            $$$"""{"task":{"id":"{{{id}}}","state":"exploded"}}""",
            """{"task":{"id":"$another-task","state":"accepted"}}""",
            $$$"""{"task":{"id":"{{{id}}}","state":7,"assignee":{"a":1},"waiting_on":[1,{},"@bad"]}}""",
            $$$"""{"kind":"task","task":{"id":"{{{id}}}","state":null}}""",
        ];
        var accepted = 0;
        var refused = new List<string>();
        foreach (var content in roots.Concat(moves.Select(meta => Reply(id, meta))))
        {
            try
            {
                await room.Human.Client.SendEventAsync(room.RoomId, EventTypes.RoomMessage, Encoding.UTF8.GetBytes(content), "t" + Guid.NewGuid().ToString("N"))
                    .WaitAsync(Timeout);
                accepted++;
            }
            catch (MatrixException e) when (e.StatusCode == HttpStatusCode.BadRequest)
            {
                refused.Add(e.Message); // Synapse refuses a few itself (a body that is not a string); another homeserver, over federation, may not
            }
        }
        Assert.True(accepted >= roots.Length + moves.Length - 3, $"the homeserver took only {accepted}; refused: {string.Join("; ", refused)}");

        // The real task still moves, and reads right through both daemons, live and after a restart.
        Assert.Equal(TaskStates.Accepted, TaskRoom.Moved(await PostAsync(room.BetaDaemon!, $"/tasks/{Uri.EscapeDataString(id)}", """{"action": "accept"}""")).Task!.State);
        await AssertTaskAsync(room.AlphaDaemon!, id);
        await AssertTaskAsync(room.BetaDaemon!, id);
        await room.RestartDaemonsAsync();
        await AssertTaskAsync(room.AlphaDaemon!, id);
        await AssertTaskAsync(room.BetaDaemon!, id);
        Assert.Equal(0, (await room.AlphaDaemon!.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).SkippedEvents);

        // Direct mode derives the same from history.
        using var direct = room.Cli(room.Alpha);
        var listed = TaskRoom.List(await direct.OkAsync("task", "list", "--json"));
        Assert.Equal(TaskStates.Accepted, listed.Tasks.Single(t => t.Id == id).State);
    }

    private static string Reply(string root, string meta) =>
        $$$"""{"msgtype":"m.text","body":"junk move","m.relates_to":{"rel_type":"m.thread","event_id":"{{{root}}}","is_falling_back":true,"m.in_reply_to":{"event_id":"{{{root}}}"}},"com.aiagentchat.meta":{{{meta}}}}""";

    /// <summary>The list and the task itself answer, and the task is accepted by beta, whatever the junk in its thread said.</summary>
    private static async Task AssertTaskAsync(TestDaemon daemon, string id)
    {
        var task = await Eventually.WaitAsync(async () =>
        {
            var list = await daemon.GetAsync("/tasks", TasksJsonContext.Default.TaskListResponse);
            return list.Tasks.FirstOrDefault(t => t.Id == id) is { State: TaskStates.Accepted } t ? t : null;
        }, Timeout, $"task {id} accepted in {daemon.User.UserId}'s list");
        Assert.Equal(TaskStates.Accepted, task.State);
        var shown = (await daemon.GetAsync($"/tasks/{Uri.EscapeDataString(id)}", TasksJsonContext.Default.TaskResponse)).Task;
        Assert.Equal(TaskStates.Accepted, shown.State);
        using var health = await daemon.Http.GetAsync("/health").WaitAsync(Timeout);
        Assert.True(health.IsSuccessStatusCode);
    }

    private static async Task<string> PostAsync(TestDaemon daemon, string path, string json)
    {
        using var response = await daemon.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
