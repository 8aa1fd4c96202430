using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static AgentChat.Tests.Wake.WakeSetup;

namespace AgentChat.Tests.Wake;

/// <summary><c>cchat mcp</c> as a Claude Code channel, fed by a real daemon on a real Synapse, driven by a client that plays Claude Code.</summary>
public sealed class ChannelPushTests
{
    [Fact]
    public async Task Pushes_mentions_DMs_and_thread_replies_to_this_agent_and_nothing_else_and_the_reply_tool_answers_in_place()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        using var cli = CliBeside(server, a, alias);
        await using var channel = await ChannelClient.StartAsync(cli, cts.Token);
        Assert.True(channel.Client.ServerCapabilities.Experimental?.ContainsKey("claude/channel"), "declares claude/channel");
        Assert.Contains("reply", channel.Client.ServerInstructions, StringComparison.Ordinal);
        await channel.WaitConnectedAsync();

        // To someone else first, then to alice: only the second is pushed.
        var other = await b.SendAsync(To(owner, "not for alice"));
        var mention = await b.SendAsync(To(alice, "please check the build", kind: "question"));
        var push = await channel.WaitForAsync(p => p.Meta["event_id"] == mention.EventId, "the mention");
        Assert.Equal("please check the build", push.Content);
        Assert.Equal(bob.UserId.Value, push.Meta["sender"]);
        Assert.Equal(bob.UserId.Localpart, push.Meta["instance"]);
        Assert.Equal("false", push.Meta["human"]);
        Assert.Equal("question", push.Meta["kind"]);
        Assert.Equal(alias, push.Meta["room"]);
        Assert.Equal("normal", push.Meta["priority"]);
        Assert.All(push.Meta.Keys, k => Assert.Matches("^[a-z_]+$", k));

        // A reply in a thread alice started, without a mention.
        var root = await a.SendAsync(new SendRequest { Text = "I will refactor the parser" });
        var inThread = await b.SendAsync(new SendRequest { Text = "careful with the lexer", Thread = root.EventId });
        var threadPush = await channel.WaitForAsync(p => p.Meta["event_id"] == inThread.EventId, "the reply in alice's thread");
        Assert.Equal(root.EventId, threadPush.Meta["thread"]);

        // A DM.
        var dm = await b.SendAsync(new SendRequest { Text = "a word in private", Dm = alice.UserId.Value });
        var dmPush = await channel.WaitForAsync(p => p.Meta["event_id"] == dm.EventId, "the DM");
        Assert.NotEqual(alias, dmPush.Meta["room"]);

        Assert.DoesNotContain(channel.Pushes, p => EventIds(p).Contains(other.EventId));
        Assert.DoesNotContain(channel.Pushes, p => EventIds(p).Contains(root.EventId));

        // The reply tool answers in the DM room; that acknowledges the DM, and only what was pushed there.
        var replied = await CallAsync(channel.Client, "reply", $$"""{"event_id": "{{dm.EventId}}", "text": "sure"}""", cts.Token);
        Assert.Equal(dm.RoomId, replied.GetProperty("room_id").GetString());
        var unread = (await a.ReadAsync("?limit=1000")).Messages;
        Assert.Contains(unread, m => m.EventId == mention.EventId);
        Assert.Contains(unread, m => m.EventId == inThread.EventId);
        Assert.DoesNotContain(unread, m => m.EventId == dm.EventId);

        // In a thread, the answer stays in the thread.
        var threadAnswer = await CallAsync(channel.Client, "reply", $$"""{"event_id": "{{inThread.EventId}}", "text": "will do"}""", cts.Token);
        var atBob = await ReadAtAsync(b, threadAnswer.GetProperty("event_id").GetString()!);
        Assert.Equal(root.EventId, atBob.Thread);
        Assert.Equal(roomId.Value, atBob.RoomId);
    }

    [Fact]
    public async Task A_daemon_restart_in_the_middle_loses_and_duplicates_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "daemon-" + Guid.NewGuid().ToString("N")[..10]);
        var a = await TestDaemon.StartAsync(server, alice, alias, stateDir);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        using var cli = CliBeside(server, a, alias);
        await using var channel = await ChannelClient.StartAsync(cli, cts.Token);
        await channel.WaitConnectedAsync();

        var sent = new List<string> { (await b.SendAsync(To(alice, "before the restart"))).EventId };
        await channel.WaitForAsync(p => EventIds(p).Contains(sent[0]), "the first message");

        await a.DisposeAsync();
        for (var i = 0; i < 3; i++) sent.Add((await b.SendAsync(To(alice, $"while the daemon is down {i}"))).EventId);
        await using var again = await TestDaemon.StartAsync(server, alice, alias, stateDir);
        await channel.WaitConnectedAsync(2);
        sent.Add((await b.SendAsync(To(alice, "after the restart"))).EventId);

        await channel.WaitForAsync(p => EventIds(p).Contains(sent[^1]), "the message after the restart");
        foreach (var id in sent) await channel.WaitForAsync(p => EventIds(p).Contains(id), $"message {id}");
        var pushed = channel.Pushes.SelectMany(EventIds).ToList();
        Assert.All(sent, id => Assert.Single(pushed, id));
        Assert.Equal(pushed.Count, pushed.Distinct().Count());
    }

    [Fact]
    public async Task Without_a_daemon_the_channel_follows_sync_itself()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (server, owner, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await alice.Client.JoinRoomAsync(alias).WaitAsync(TestDaemon.Timeout);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        using var cli = Cchat.For(server, alice, alias);
        await using var channel = await ChannelClient.StartAsync(cli, cts.Token);
        await channel.WaitConnectedAsync();
        Assert.Contains("connected to /sync", channel.Stderr, StringComparison.Ordinal);

        var other = await b.SendAsync(To(owner, "not for alice"));
        var mention = await b.SendAsync(To(alice, "are you there?", kind: "question"));
        var push = await channel.WaitForAsync(p => p.Meta["event_id"] == mention.EventId, "the mention, through /sync");
        Assert.Equal("are you there?", push.Content);
        Assert.Equal(bob.UserId.Localpart, push.Meta["instance"]);
        Assert.DoesNotContain(channel.Pushes, p => EventIds(p).Contains(other.EventId));
    }

    internal static async Task<JsonElement> CallAsync(McpClient client, string tool, string json, CancellationToken ct)
    {
        var args = JsonSerializer.Deserialize(json, CliTestJsonContext.Default.DictionaryStringJsonElement)!;
        var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, ct).AsTask().WaitAsync(ChannelClient.Timeout, ct);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        Assert.True(result.IsError != true, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static async Task<AgentChat.Messages.ChatMessage> ReadAtAsync(TestDaemon daemon, string eventId)
    {
        var messages = await Federation.FederatedAgents.ReadUntilAsync(daemon, r => r.Any(m => m.EventId == eventId), $"{daemon.User.UserId} reads {eventId}");
        return messages.Single(m => m.EventId == eventId);
    }
}
