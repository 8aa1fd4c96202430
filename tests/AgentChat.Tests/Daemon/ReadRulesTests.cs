using System.Net;
using AgentChat.Gateway;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

/// <summary>The core's read rules as the gateway serves them: event-id cursors, one wait limit, the filtered mark-read rule.</summary>
public sealed class ReadRulesTests
{
    [Fact]
    public async Task Next_is_an_event_id_and_a_peek_after_it_returns_only_what_came_later()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var first = await a.SendAsync(new SendRequest { Text = "one" });

        var unread = await Eventually.WaitAsync(async () => await b.ReadAsync("?wait=10") is { Messages.Count: > 0 } r ? r : null,
            TestDaemon.Timeout, "bob reads one");
        Assert.Equal(first.EventId, unread.Next);

        var second = await a.SendAsync(new SendRequest { Text = "two" });
        var peek = await b.ReadAsync($"?since={Uri.EscapeDataString(unread.Next)}&wait=20");
        Assert.Equal(["two"], peek.Messages.Select(m => m.Text));
        Assert.Equal(second.EventId, peek.Next);
        Assert.Null(peek.Gap);
        // a peek moves no marker: the unread read still has "two"
        Assert.Equal(["two"], (await b.ReadAsync()).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task One_wait_limit_holds_and_a_long_wait_returns_when_a_message_comes()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await b.ReadAsync();

        using (var over = await b.Http.GetAsync("/read?wait=3601").WaitAsync(TestDaemon.Timeout))
        {
            Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
            Assert.Contains("3600", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var waiting = b.ReadAsync("?wait=600");
        await Task.Delay(300);
        await a.SendAsync(new SendRequest { Text = "worth the wait" });
        Assert.Equal(["worth the wait"], (await waiting).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_filtered_read_marks_what_it_skipped_as_read()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await b.ReadAsync();
        await a.SendAsync(new SendRequest { Text = "chatter" });
        var task = await a.SendAsync(new SendRequest { Text = "do it", Kind = "task" });
        await a.SendAsync(new SendRequest { Text = "more chatter" });
        await Eventually.WaitAsync(async () => (await b.ReadAsync("?since=0")).Messages.Any(m => m.Text == "more chatter") ? "seen" : null,
            TestDaemon.Timeout, "bob's daemon has all three");

        var tasks = await b.ReadAsync("?kind=task");

        Assert.Equal([task.EventId], tasks.Messages.Select(m => m.EventId));
        Assert.Empty((await b.ReadAsync()).Messages);
    }
}
