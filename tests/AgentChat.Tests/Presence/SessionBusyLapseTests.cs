using AgentChat.Daemon;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Wake;

namespace AgentChat.Tests.Presence;

/// <summary>The session's busy and presence's busy lapse together: presence's expiry is the one source.</summary>
public sealed class SessionBusyLapseTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch.AddYears(56);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Busy_reads_false_once_presences_busy_has_lapsed_and_holds_until_then()
    {
        var clock = new ManualClock();
        var options = new DaemonOptions { BusyExpiry = TimeSpan.FromMinutes(15) };
        var signal = new PresenceSignal();
        var presence = new PresenceState(new WakeTracker(signal, options, clock), signal, options, clock);
        var activity = new SessionActivity(clock, presence);

        activity.SetBusy("prompt");
        clock.Now += TimeSpan.FromMinutes(14);
        Assert.True(activity.Busy);
        Assert.Equal("prompt", activity.BusyOn);

        clock.Now += TimeSpan.FromMinutes(2);
        Assert.False(presence.Snapshot().Busy);
        Assert.False(activity.Busy);
        Assert.Null(activity.BusyOn);

        activity.SetBusy("prompt");
        Assert.True(activity.Busy);
        activity.SetIdle();
        Assert.False(activity.Busy);
    }
}
