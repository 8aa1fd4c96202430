using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Receipts;

/// <summary>The loop guard with two real daemons echoing each other, and a human (a plain Matrix client) stepping in.</summary>
public sealed class LoopGuardTests
{
    private const int Budget = 3;
    private static readonly Dictionary<string, string> SmallBudget = new() { ["AGENTCHAT_LOOP_BUDGET"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static async Task<(HttpStatusCode Status, string Body, string? EventId)> TrySendAsync(TestDaemon d, SendRequest request)
    {
        using var response = await d.Http.PostAsJsonAsync("/send", request, GatewayJsonContext.Default.SendRequest).WaitAsync(TestDaemon.Timeout);
        var body = await response.Content.ReadAsStringAsync();
        var id = response.StatusCode == HttpStatusCode.OK ? JsonSerializer.Deserialize(body, GatewayJsonContext.Default.SendResponse)!.EventId : null;
        return (response.StatusCode, body, id);
    }

    /// <summary>Alice and bob answer each other's last message until one is refused; returns the refused daemon's answer.</summary>
    private static async Task<(TestDaemon Refused, string Body, string LastEventId)> EchoUntilRefusedAsync(TestDaemon a, TestDaemon b, string first, int maxRounds = 20)
    {
        var last = first;
        for (var i = 0; i < maxRounds; i++)
        {
            var speaker = i % 2 == 0 ? b : a;
            var (status, body, id) = await TrySendAsync(speaker, new SendRequest { Text = $"echo {i}", ReplyTo = last });
            if (status == HttpStatusCode.TooManyRequests) return (speaker, body, last);
            Assert.True(status == HttpStatusCode.OK, $"echo {i}: {(int)status} {body}");
            last = id!;
        }
        throw new InvalidOperationException("the echo loop was never stopped");
    }

    [Fact]
    public async Task An_echo_loop_stops_at_the_budget_with_one_notice_and_resumes_after_a_human_message()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: SmallBudget);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: SmallBudget);
        await Conversation.WaitRegisteredAsync(a, b);
        var start = await Conversation.HumanSaysAsync(owner, roomId, "alice and bob, talk it over");
        await Eventually.WaitAsync(async () => (await a.ReadAsync("?since=0")).Messages.FirstOrDefault(m => m.EventId == start.Value), TestDaemon.Timeout, "alice sees the human");

        var opening = await a.SendAsync(new SendRequest { Text = "ping" });
        var (refused, body, _) = await EchoUntilRefusedAsync(a, b, opening.EventId);

        Assert.Contains("\"code\":\"loop_guard\"", body, StringComparison.Ordinal);
        Assert.Contains("human", body, StringComparison.Ordinal);
        // Refused again: still no second notice. A status message passes, and so does a message answering no agent.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TrySendAsync(refused, new SendRequest { Text = "one more", ReplyTo = opening.EventId })).Status);
        Assert.Equal(HttpStatusCode.OK, (await TrySendAsync(refused, new SendRequest { Text = "a note to nobody" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await TrySendAsync(refused, new SendRequest { Text = "stopping: loop guard", Kind = "status" })).Status);

        var events = await Eventually.WaitAsync(async () =>
        {
            var all = await Conversation.RoomMessagesAsync(owner, roomId);
            return all.Any(e => e.ContentString("body")?.EndsWith("stopping: loop guard", StringComparison.Ordinal) == true)
                   && all.Any(e => Conversation.IsNotice(e, "loop_guard")) ? all : null;
        }, TestDaemon.Timeout, "the observer sees the notice and the status");
        var notice = Assert.Single(events, e => Conversation.IsNotice(e, "loop_guard"));
        Assert.Contains("!agentchat resume", notice.ContentString("body"), StringComparison.Ordinal);
        var automated = events.Where(e => e.Sender?.Value is { } s && (s == alice.UserId.Value || s == bob.UserId.Value) && e.ContentString("msgtype") == "m.text"
            && e.ContentString("body")?.EndsWith("a note to nobody", StringComparison.Ordinal) != true).ToList();
        // The opening answers nobody and is not counted: each agent's budget of replies, plus the opening.
        Assert.Equal(2 * Budget + 1, automated.Count(e => e.OriginServerTs >= events.First(x => x.EventId == start).OriginServerTs));
        // meta.hops: 0 for the opening, then one more per reply.
        Assert.Equal(Enumerable.Range(0, 2 * Budget + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            automated.TakeLast(2 * Budget + 1).Select(e => Conversation.Meta(e, "hops")));
        var guard = (await refused.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).LoopGuard!;
        Assert.Equal(Budget, guard.Budget);
        Assert.Contains(guard.Scopes, s => s.RoomId == roomId.Value && s.Thread is null && s.Used == Budget && s.Budget == Budget);

        await Conversation.HumanSaysAsync(owner, roomId, "ok, carry on");
        var resumed = await Eventually.WaitAsync(async () =>
            (await TrySendAsync(refused, new SendRequest { Text = "thanks, going on" })) is { Status: HttpStatusCode.OK } r ? r.EventId : null,
            TestDaemon.Timeout, "the refused agent may send after the human");
        Assert.NotNull(resumed);
    }

    [Fact]
    public async Task A_humans_resume_command_lets_a_stopped_thread_go_on()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: SmallBudget);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: SmallBudget);
        await Conversation.WaitRegisteredAsync(a, b);

        var root = await a.SendAsync(new SendRequest { Text = "thread for the loop" });
        TestDaemon? stopped = null;
        for (var i = 0; i < 20 && stopped is null; i++)
        {
            var speaker = i % 2 == 0 ? b : a;
            var r = await TrySendAsync(speaker, new SendRequest { Text = $"in thread {i}", Thread = root.EventId });
            if (r.Status == HttpStatusCode.TooManyRequests) stopped = speaker;
            else Assert.True(r.Status == HttpStatusCode.OK, r.Body);
        }
        Assert.NotNull(stopped);
        // The thread's budget is its own: the main timeline still takes this agent's messages.
        Assert.Equal(HttpStatusCode.OK, (await TrySendAsync(stopped, new SendRequest { Text = "meanwhile in the room" })).Status);

        var notice = await Eventually.WaitAsync(async () =>
            (await Conversation.RoomMessagesAsync(owner, roomId)).Where(e => Conversation.IsNotice(e, "loop_guard")).ToList() is { Count: > 0 } n ? n : null,
            TestDaemon.Timeout, "the notice in the thread");
        var only = Assert.Single(notice);
        Assert.Contains(root.EventId, only.Content.GetProperty("m.relates_to").GetProperty("event_id").GetString(), StringComparison.Ordinal);

        await Conversation.HumanSaysAsync(owner, roomId, "!agentchat resume");
        await Eventually.WaitAsync(async () =>
            (await TrySendAsync(stopped, new SendRequest { Text = "resumed", Thread = root.EventId })) is { Status: HttpStatusCode.OK } r ? r.EventId : null,
            TestDaemon.Timeout, "the thread goes on after !agentchat resume");
    }

    [Fact]
    public async Task Direct_messages_are_guarded_in_their_direct_room()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: new Dictionary<string, string> { ["AGENTCHAT_LOOP_BUDGET"] = "2" });
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await Conversation.WaitRegisteredAsync(a, b);

        Assert.Equal(HttpStatusCode.OK, (await TrySendAsync(a, new SendRequest { Text = "dm one", Dm = bob.UserId.Value })).Status);
        Assert.Equal(HttpStatusCode.OK, (await TrySendAsync(a, new SendRequest { Text = "dm two", Dm = bob.UserId.Value })).Status);
        var third = await TrySendAsync(a, new SendRequest { Text = "dm three", Dm = bob.UserId.Value });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Contains("loop_guard", third.Body, StringComparison.Ordinal);
        // The shared room is another scope.
        Assert.Equal(HttpStatusCode.OK, (await TrySendAsync(a, new SendRequest { Text = "in the room" })).Status);
    }
}
