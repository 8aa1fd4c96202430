using System.Net;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Registry;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Presence;

/// <summary>A session says it is busy through POST /presence; busy lapses by itself; the registry carries the last message read.</summary>
public sealed class BusyAndCursorTests
{
    [Fact]
    public async Task Busy_and_idle_reach_the_registry_and_busy_lapses_by_itself()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, configure: o =>
        {
            o.PresenceDebounce = TimeSpan.FromMilliseconds(200);
            o.BusyExpiry = TimeSpan.FromSeconds(10);
        });

        var said = await PresenceProbe.SetAsync(b, new PresenceRequest { Busy = true, On = "refactoring\n  the auth\tmodule" });
        Assert.True(said.Busy);
        Assert.Equal("refactoring the auth module", said.On);
        Assert.NotNull(said.BusyUntil);
        var seen = await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Busy, "alice sees bob busy");
        Assert.Equal("refactoring the auth module", seen.BusyOn);

        Assert.False((await PresenceProbe.SetAsync(b, new PresenceRequest { Busy = false })).Busy);
        var idle = await PresenceProbe.SeenAsync(a, bob.UserId, i => !i.Busy, "alice sees bob idle again");
        Assert.Null(idle.BusyOn);

        // A session that says busy and dies: nobody says idle, and still busy ends.
        await PresenceProbe.SetAsync(b, new PresenceRequest { Busy = true, On = "about to crash" });
        await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Busy, "alice sees bob busy once more");
        await Eventually.WaitAsync(async () =>
        {
            var content = await owner.Client.GetStateAsync(roomId, InstanceEntry.EventType, bob.UserId.Value);
            return content.GetProperty("busy").GetBoolean() ? null : "";
        }, TestDaemon.Timeout, "bob's daemon writes busy: false once busy lapsed");
        Assert.False((await PresenceProbe.OwnAsync(b)).Busy);
    }

    [Theory]
    [InlineData("{}", "bad_presence")]
    [InlineData("""{"busy": "yes"}""", "bad_json")]
    [InlineData("""{"busy": true, "colour": "red"}""", "bad_json")]
    [InlineData("not json", "bad_json")]
    [InlineData("[true]", "bad_json")]
    public async Task A_bad_presence_request_is_a_400_and_changes_nothing(string body, string code)
    {
        var (server, _, alice, _, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);

        using var response = await a.PostRawAsync("/presence", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), GatewayJsonContext.Default.ErrorBody)!.Code);
        Assert.False((await PresenceProbe.OwnAsync(a)).Busy);
    }

    [Fact]
    public async Task The_registry_carries_the_last_message_read_and_a_peek_does_not_move_it()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, configure: o => o.HeartbeatInterval = TimeSpan.FromSeconds(2));

        var first = await a.SendAsync(new SendRequest { Text = "read me" });
        var read = await b.ReadAsync("?wait=30");
        Assert.Contains(read.Messages, m => m.EventId == first.EventId);
        var own = await PresenceProbe.OwnAsync(b);
        Assert.Equal(first.EventId, own.Cursor);
        Assert.NotNull(own.CursorAt);

        await a.SendAsync(new SendRequest { Text = "only peeked at" });
        var peek = await b.ReadAsync($"?since={Uri.EscapeDataString(first.EventId)}&wait=30");
        Assert.Contains(peek.Messages, m => m.Text == "only peeked at");
        Assert.Equal(first.EventId, (await PresenceProbe.OwnAsync(b)).Cursor);

        var seen = await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Cursor == first.EventId, "alice sees what bob read last");
        Assert.NotNull(seen.CursorAt);
    }
}
