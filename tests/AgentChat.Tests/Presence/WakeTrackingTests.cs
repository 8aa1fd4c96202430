using System.Net;
using System.Net.Http.Headers;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Presence;

/// <summary>Wakeable follows what is attached to the daemon: a channel stream, hook calls, or nothing.</summary>
public sealed class WakeTrackingTests
{
    private static readonly TimeSpan QuickDebounce = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Wakeable_is_channel_while_a_channel_stream_is_open_and_none_after_and_sends_warn_only_then()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, configure: o => o.PresenceDebounce = QuickDebounce);
        Assert.Equal("none", (await PresenceProbe.OwnAsync(b)).Wakeable);

        using (await PresenceProbe.OpenAsync(b, "/events?wake=channel"))
        {
            Assert.Equal("channel", (await PresenceProbe.OwnAsync(b)).Wakeable);
            await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Wakeable == "channel", "alice sees bob wakeable by channel");
            var sent = await a.SendAsync(new SendRequest { Text = "you will hear this at once", To = [bob.UserId.Localpart] });
            Assert.Null(sent.Warnings);
        }

        await Eventually.WaitAsync(async () => (await PresenceProbe.OwnAsync(b)).Wakeable == "none" ? "" : null, TestDaemon.Timeout,
            "bob's daemon notices the channel closed");
        using (await PresenceProbe.OpenAsync(b, "/events"))
            Assert.Equal("none", (await PresenceProbe.OwnAsync(b)).Wakeable); // a plain stream wakes nobody
        await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Wakeable == "none", "alice sees bob no longer wakeable");
        var warned = await a.SendAsync(new SendRequest { Text = "read this when you can", Dm = bob.UserId.Localpart });
        Assert.Equal([$"{bob.UserId.Localpart} is online but cannot be woken (no channel or hook); it sees the message when it next reads"], warned.Warnings);
    }

    [Fact]
    public async Task A_hooks_call_makes_it_wakeable_by_hook_until_the_window_passes_and_an_unauthenticated_call_does_not()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, configure: o =>
        {
            o.PresenceDebounce = QuickDebounce;
            o.HookWindow = TimeSpan.FromSeconds(15);
        });
        using var stranger = new HttpClient { BaseAddress = b.Daemon.Gateway };
        using (var refused = await stranger.PostAsync("/hooks/stop", new StringContent("{}")).WaitAsync(TestDaemon.Timeout))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("none", (await PresenceProbe.OwnAsync(b)).Wakeable);

        // Whatever the hook path answers (it is served elsewhere), the call shows a hook is installed.
        using (await b.PostRawAsync("/hooks/stop", "{}"))
        {
        }
        Assert.Equal("hook", (await PresenceProbe.OwnAsync(b)).Wakeable);
        await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Wakeable == "hook", "alice sees bob wakeable by hook");
        var sent = await a.SendAsync(new SendRequest { Text = "your hook picks this up", To = [bob.UserId.Localpart] });
        Assert.Null(sent.Warnings);

        await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Wakeable == "none", "bob's hook window passes and the registry says so");
        Assert.Equal("none", (await PresenceProbe.OwnAsync(b)).Wakeable);
    }

    [Fact]
    public async Task A_flapping_channel_writes_the_registry_once_not_per_flap()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, configure: o =>
        {
            o.PresenceDebounce = TimeSpan.FromSeconds(10);
            o.HeartbeatInterval = TimeSpan.FromHours(1); // only presence changes write
        });
        await PresenceProbe.SeenAsync(a, bob.UserId, _ => true, "bob's first beat");

        // Ten reconnects, each open long enough for an undebounced daemon to publish it (and close again).
        for (var i = 0; i < 10; i++)
        {
            using (await PresenceProbe.OpenAsync(b, "/events?wake=channel"))
            {
                Assert.Equal("channel", (await PresenceProbe.OwnAsync(b)).Wakeable);
                await Task.Delay(200);
            }
            await Eventually.WaitAsync(async () => (await PresenceProbe.OwnAsync(b)).Wakeable == "none" ? "" : null, TestDaemon.Timeout, "the stream closed");
        }
        using (await PresenceProbe.OpenAsync(b, "/events?wake=channel"))
        {
            await PresenceProbe.SeenAsync(a, bob.UserId, i => i.Wakeable == "channel", "the channel that stays open is published");
            var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
            var writes = page.Chunk.Count(e => e.Type == InstanceEntry.EventType && e.StateKey == bob.UserId.Value);
            // One at start, one for the channel that stayed; ten flaps without debounce would have written about twenty more.
            Assert.InRange(writes, 2, 4);
        }
    }
}
