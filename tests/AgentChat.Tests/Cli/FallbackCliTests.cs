using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>No daemon anywhere: send, read and who go straight to Matrix with the agent's own credentials.</summary>
public sealed class FallbackCliTests
{
    [Fact]
    public async Task Read_returns_exactly_the_unread_messages_then_nothing()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);

        var sent = await a.OkAsync("send", "first **bold**", "--json");
        Assert.Contains("\"via\":\"direct\"", sent, StringComparison.Ordinal);
        await a.OkAsync("send", "second", "--kind", "task", "--to", bob.UserId.Localpart);

        var first = CliJson.Read(await b.OkAsync("read", "--json"));
        Assert.Equal(["first **bold**", "second"], first.Messages.Select(m => m.Text));
        Assert.All(first.Messages, m => Assert.Equal(alice.UserId.Value, m.Sender));
        Assert.Equal("task", first.Messages[1].Kind);
        Assert.Contains(bob.UserId.Value, first.Messages[1].Mentions);
        Assert.False(first.Messages[0].Human);

        Assert.Empty(CliJson.Read(await b.OkAsync("read", "--json")).Messages);

        await a.OkAsync("send", "third");
        var third = CliJson.Read(await b.OkAsync("read", "--json"));
        Assert.Equal(["third"], third.Messages.Select(m => m.Text));
        Assert.Contains("no new messages", await b.OkAsync("read"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_with_wait_returns_a_message_sent_while_waiting()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await b.OkAsync("read", "--json"); // joins and marks everything read

        var waiting = b.RunAsync("read", "--wait", "30", "--json");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await a.OkAsync("send", "while you waited");
        var r = await waiting.WaitAsync(Cchat.Timeout);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(["while you waited"], CliJson.Read(r.StdOut).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Reply_in_thread_is_read_as_a_thread_reply()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        var root = CliJson.Object(await a.OkAsync("send", "Who can build?", "--kind", "question", "--json")).GetProperty("event_id").GetString()!;
        await b.OkAsync("send", "I can", "--thread", root);

        var read = CliJson.Read(await a.OkAsync("read", "--json"));
        var reply = Assert.Single(read.Messages);
        Assert.Equal("I can", reply.Text);
        Assert.Equal(root, reply.Thread);
    }

    [Fact]
    public async Task Who_lists_an_ephemeral_instance_after_a_direct_send()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        a.Env["AGENTCHAT_INSTANCE"] = "alice-session";
        await a.OkAsync("send", "hello");

        using var b = Cchat.For(server, bob, room);
        var who = CliJson.Who(await b.OkAsync("who", "--json"));
        var entry = Assert.Single(who.Instances, i => i.UserId == alice.UserId.Value);
        Assert.Equal("alice-session", entry.Instance);
        Assert.Equal("ephemeral", entry.Kind);
        Assert.True(entry.Alive);
        Assert.Contains("alice-session", await b.OkAsync("who"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_numeric_cursor_without_a_daemon_is_a_usage_error()
    {
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var r = await a.RunAsync("read", "--since", "5");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("numeric cursor", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_is_an_event_id_that_peeks_like_through_the_daemon_and_a_filtered_read_marks_the_rest()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await b.OkAsync("read", "--json");
        var first = CliJson.Object(await a.OkAsync("send", "chatter", "--json")).GetProperty("event_id").GetString()!;
        var task = CliJson.Object(await a.OkAsync("send", "do it", "--kind", "task", "--json")).GetProperty("event_id").GetString()!;
        await a.OkAsync("send", "more chatter");

        var peek = CliJson.Read(await b.OkAsync("read", "--since", first, "--json"));
        Assert.Equal(["do it", "more chatter"], peek.Messages.Select(m => m.Text));
        var tasks = CliJson.Read(await b.OkAsync("read", "--kind", "task", "--json"));
        Assert.Equal([task], tasks.Messages.Select(m => m.EventId));
        Assert.StartsWith("$", tasks.Next, StringComparison.Ordinal);
        Assert.Empty(CliJson.Read(await b.OkAsync("read", "--json")).Messages);
    }

    [Fact]
    public async Task An_unknown_recipient_exits_2_and_sends_nothing()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await b.OkAsync("read", "--json");
        foreach (var args in new[] { new[] { "send", "x", "--dm", "nosuchagent" }, ["send", "x", "--to", "nosuchagent"] })
        {
            var r = await a.RunAsync(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("no agent or account named 'nosuchagent'", r.StdErr, StringComparison.Ordinal);
        }
        Assert.Empty(CliJson.Read(await b.OkAsync("read", "--json")).Messages);
    }

    [Fact]
    public async Task Unknown_room_is_a_homeserver_error_with_the_reason_on_stderr()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var alice = await server.CreateUserAsync("alice");
        using var a = Cchat.For(server, alice, CliJson.RandomRoom(server.ServerName));
        var r = await a.RunAsync("send", "into the void");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cchat setup", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.AccessToken, r.StdErr + r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dm_finds_or_creates_one_direct_room_and_the_other_agent_reads_it()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        var first = CliJson.Object(await a.OkAsync("send", "just between us", "--dm", bob.UserId.Localpart, "--json"));
        var second = CliJson.Object(await a.OkAsync("send", "still private", "--dm", bob.UserId.Value, "--json"));
        var dm = first.GetProperty("room_id").GetString()!;
        Assert.Equal(dm, second.GetProperty("room_id").GetString());

        var read = CliJson.Read(await b.OkAsync("read", "--room", dm, "--json"));
        Assert.Equal(["just between us", "still private"], read.Messages.Select(m => m.Text));
        Assert.Empty(CliJson.Read(await b.OkAsync("read", "--json")).Messages); // nothing leaked into the shared room
    }

    [Fact]
    public async Task Lifting_rate_limits_needs_an_admin()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var r = await a.RunAsync("setup", "--lift-rate-limits", bob.UserId.Value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("admin", r.StdErr, StringComparison.Ordinal);
    }
}
