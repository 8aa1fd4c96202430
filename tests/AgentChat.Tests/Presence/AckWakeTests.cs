using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Presence;

/// <summary><c>/hooks/ack</c> is the channel's reply, not a hook: it leaves wakeable alone.</summary>
public sealed class AckWakeTests
{
    [Fact]
    public async Task An_ack_from_the_channel_does_not_make_the_daemon_wakeable_by_hook()
    {
        var (server, _, alice, _, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        Assert.Equal("none", (await PresenceProbe.OwnAsync(a)).Wakeable);

        using (await a.PostRawAsync("/hooks/ack?event_id=%24nothing", "{}"))
        {
        }
        Assert.Equal("none", (await PresenceProbe.OwnAsync(a)).Wakeable);

        using (await a.PostRawAsync("/hooks/stop", "{}"))
        {
        }
        Assert.Equal("hook", (await PresenceProbe.OwnAsync(a)).Wakeable);
    }
}
