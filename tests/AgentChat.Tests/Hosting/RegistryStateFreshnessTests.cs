using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Registry;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentChat.Tests.Hosting;

/// <summary>
/// Issue #27: the instance list /sync keeps current is not read again for its age while /sync is healthy (a send to a named
/// agent costs no room-state read); once /sync fails, a list over a minute old is read again, and <c>fresh</c> always reads.
/// </summary>
public sealed class RegistryStateFreshnessTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task An_old_list_is_read_again_only_when_sync_is_not_keeping_it_current()
    {
        var (registry, clock, health, bob) = await RegistryAfterBobWroteAsync();
        clock.Now += TimeSpan.FromMinutes(5);

        var whileSyncing = await registry.ReadAsync(fresh: false, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        Assert.DoesNotContain(whileSyncing, r => r.UserId == bob.UserId.Value);

        health.Failed("the homeserver went away", TimeSpan.FromSeconds(1), unreachable: false);
        var afterFailure = await registry.ReadAsync(fresh: false, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        Assert.Contains(afterFailure, r => r.UserId == bob.UserId.Value);
    }

    [Fact]
    public async Task A_fresh_read_goes_to_the_homeserver_even_while_sync_is_healthy()
    {
        var (registry, _, _, bob) = await RegistryAfterBobWroteAsync();

        var fresh = await registry.ReadAsync(fresh: true, CancellationToken.None).WaitAsync(TestDaemon.Timeout);

        Assert.Contains(fresh, r => r.UserId == bob.UserId.Value && r.Alive);
    }

    /// <summary>
    /// alice's RegistryState, loaded and with /sync healthy; then bob's entry lands on the homeserver. Nothing feeds
    /// this RegistryState from /sync, so only a read can see bob.
    /// </summary>
    private static async Task<(RegistryState Registry, ManualClock Clock, SyncHealth Health, TestUser Bob)> RegistryAfterBobWroteAsync()
    {
        var (_, _, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await alice.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        await bob.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        var clock = new ManualClock();
        var health = new SyncHealth(clock);
        var rooms = new FollowedRooms();
        rooms.SetShared(roomId, alias);
        var registry = new RegistryState(alice.Client, rooms, health, clock, NullLogger<RegistryState>.Instance);
        await registry.LoadAsync(roomId, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        health.Succeeded();
        var now = clock.Now.ToUnixTimeMilliseconds();
        await InstanceRegistry.WriteAsync(bob.Client, roomId, bob.UserId, InstanceEntry.ForThisHost("bob", "persistent", null, [], now, now, "online"),
            CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        return (registry, clock, health, bob);
    }
}
