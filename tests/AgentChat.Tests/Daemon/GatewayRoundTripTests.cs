using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;

namespace AgentChat.Tests.Daemon;

public sealed class GatewayRoundTripTests
{
    [Fact]
    public async Task Two_daemons_talk_and_a_human_reads_as_human()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var start = await b.ReadAsync("?since=0");

        var waiting = b.ReadAsync($"?since={start.Next}&wait=20");
        var sent = await a.SendAsync(new SendRequest { Text = "Please **review** PR 7", Kind = "task", To = [bob.UserId.Localpart] });
        var read = await waiting;

        var message = Assert.Single(read.Messages);
        Assert.Equal(sent.EventId, message.EventId);
        Assert.Equal(roomId.Value, sent.RoomId);
        Assert.Equal("task", message.Kind);
        Assert.Equal("Please **review** PR 7", message.Text);
        Assert.Equal($"[TASK] @{bob.UserId.Localpart}: Please **review** PR 7", message.Body);
        Assert.Equal(alice.UserId.Localpart, message.Instance);
        Assert.False(message.Human);
        Assert.Contains(bob.UserId.Value, message.Mentions);

        // The event as Element sees it: prefixed body, sanitised HTML, mentions, metadata.
        var ev = await owner.Client.GetEventAsync(roomId, new EventId(sent.EventId)).WaitAsync(TestDaemon.Timeout);
        Assert.Equal("m.text", ev.ContentString("msgtype"));
        Assert.Equal($"<strong>[TASK]</strong> <a href=\"https://matrix.to/#/{bob.UserId}\">{bob.UserId.Localpart}</a>: Please <strong>review</strong> PR 7",
            ev.ContentString("formatted_body"));

        await MatrixTestRoom.SendTextAsync(owner.Client, roomId, "hello agents, from a human");
        var human = await b.ReadAsync($"?since={read.Next}&wait=20");
        var fromHuman = Assert.Single(human.Messages);
        Assert.True(fromHuman.Human);
        Assert.Equal("chat", fromHuman.Kind);
        Assert.Equal(owner.UserId.Value, fromHuman.Sender);
    }

    [Fact]
    public async Task Unread_read_returns_each_message_once_and_moves_the_marker()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await b.ReadAsync(); // drain whatever is unread at start

        await a.SendAsync(new SendRequest { Text = "one" });
        await a.SendAsync(new SendRequest { Text = "two", Kind = "question" });
        var first = await b.ReadAsync("?wait=20");
        if (first.Messages.Count < 2) first = first with { Messages = [.. first.Messages, .. (await b.ReadAsync("?wait=20")).Messages] };
        var again = await b.ReadAsync();

        Assert.Equal(["one", "two"], first.Messages.Select(m => m.Text));
        Assert.Empty(again.Messages);
        var marker = await Eventually.WaitAsync(async () =>
        {
            var m = await bob.Client.GetFullyReadAsync(bob.UserId, roomId);
            return m?.Value == first.Messages[^1].EventId ? m.Value.Value : null;
        }, TestDaemon.Timeout, "m.fully_read moved to the last message read");
        Assert.Equal(first.Messages[^1].EventId, marker);
    }
}
