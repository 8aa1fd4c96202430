using System.Net;
using System.Text;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Receipts;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Wake;
using static AgentChat.Tests.Wake.WakeSetup;

namespace AgentChat.Tests.Receipts;

/// <summary>"Delivered to the session": a hook hands a message over, the agent's 👀 is in the room, the sender's receipt moves.</summary>
public sealed class DeliveredTests
{
    private const string StopInput = """{"session_id":"s1","hook_event_name":"Stop","stop_hook_active":false}""";

    [Fact]
    public async Task A_hook_hand_over_marks_the_message_delivered_for_its_sender_with_the_agents_eyes_and_a_strangers_eyes_count_for_nothing()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await Conversation.WaitRegisteredAsync(a, b);

        // A stranger's 👀 (the human owner, no recipient of it) on a message to alice says nothing.
        var other = await b.SendAsync(To(alice, "not handed over yet"));
        await owner.Client.SendEventAsync(roomId, DeliveryReaction.EventType, DeliveryReaction.Content(other.EventId), "stranger-eyes").WaitAsync(TestDaemon.Timeout);

        var task = await b.SendAsync(To(alice, "run the migrations", kind: "task"));
        await WaitHeldAsync(a, task.EventId);
        await WaitHeldAsync(a, other.EventId);
        // b has synced `task`, so also the stranger's 👀 before it: `other` is still only stored for alice.
        var beforeStop = await Conversation.WaitStateAsync(b, task.EventId, alice.UserId.Value, ReceiptState.Stored);
        Assert.Null(beforeStop.Recipients.Single().DeliveredAt);
        var otherBefore = (await Conversation.SentAsync(b)).Messages.Single(m => m.EventId == other.EventId);
        Assert.Equal(ReceiptState.Stored, otherBefore.Recipients.Single(r => r.UserId == alice.UserId.Value).State);
        Assert.DoesNotContain(otherBefore.Recipients, r => r.UserId == owner.UserId.Value);

        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var stop = await a.Http.PostAsync("/hooks/stop", new StringContent(StopInput, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);

        var delivered = await Conversation.WaitStateAsync(b, task.EventId, alice.UserId.Value, ReceiptState.Delivered);
        var receipt = delivered.Recipients.Single(r => r.UserId == alice.UserId.Value);
        Assert.NotNull(receipt.DeliveredAt);
        Assert.InRange(receipt.DeliveredAt!.Value, sentAt - 5_000, sentAt + 60_000);
        Assert.True(delivered.Pending, "a task waits for acted");

        // The 👀 is in the room, from alice's account, once.
        var eyes = await Eventually.WaitAsync(async () =>
        {
            var (events, _) = await owner.Client.GetRelationsAsync(roomId, new EventId(task.EventId), "m.annotation", null);
            var mine = events.Select(DeliveryReaction.Parse).OfType<DeliveryReaction>().Where(r => r.UserId == alice.UserId.Value).ToList();
            return mine.Count > 0 ? mine : null;
        }, TestDaemon.Timeout, "alice's 👀 on the task");
        Assert.Single(eyes);

        // Acted after delivered stays acted, and another hand-over (a new session sees it unread again) changes nothing.
        await a.SendAsync(new SendRequest { Text = "done", Thread = task.EventId });
        var acted = await Conversation.WaitStateAsync(b, task.EventId, alice.UserId.Value, ReceiptState.Acted);
        Assert.Equal(receipt.DeliveredAt, acted.Recipients.Single(r => r.UserId == alice.UserId.Value).DeliveredAt);
        using (await a.Http.PostAsync("/hooks/session-start", new StringContent("{}", Encoding.UTF8, "application/json"))) { }
        var marker = await b.SendAsync(To(alice, "later"));
        await Conversation.WaitStateAsync(b, marker.EventId, alice.UserId.Value, ReceiptState.Stored);
        var final = (await Conversation.SentAsync(b)).Messages.Single(m => m.EventId == task.EventId);
        Assert.Equal(ReceiptState.Acted, final.Recipients.Single(r => r.UserId == alice.UserId.Value).State);
        Assert.False(final.Pending);
    }

    [Fact]
    public async Task A_channel_push_marks_the_message_delivered_through_the_daemon()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await Conversation.WaitRegisteredAsync(a, b);
        using var cli = CliBeside(server, a, alias);
        await using var channel = await ChannelClient.StartAsync(cli, cts.Token);
        await channel.WaitConnectedAsync();

        var question = await b.SendAsync(To(alice, "is the build green?", kind: "question"));
        await channel.WaitForAsync(p => p.Meta["event_id"] == question.EventId, "the question");
        var delivered = await Conversation.WaitStateAsync(b, question.EventId, alice.UserId.Value, ReceiptState.Delivered);
        Assert.NotNull(delivered.Recipients.Single().DeliveredAt);
        var (events, _) = await owner.Client.GetRelationsAsync(roomId, new EventId(question.EventId), "m.annotation", null).WaitAsync(TestDaemon.Timeout);
        Assert.Contains(events.Select(DeliveryReaction.Parse), r => r?.UserId == alice.UserId.Value);
    }
}
