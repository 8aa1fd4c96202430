using AgentChat.Matrix;
using AgentChat.Rooms;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Wake;

/// <summary>A hanging homeserver costs the direct-room check one bounded read, not one per message.</summary>
public sealed class DirectRoomCacheHangTests
{
    private sealed class StoppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_hanging_m_direct_read_answers_within_its_bound_and_is_not_retried_for_every_message()
    {
        var server = await SynapseServer.GetAsync();
        var alice = await server.CreateUserAsync("alice");
        await using var proxy = new FaultProxy(server.Homeserver);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var clock = new StoppedClock();
        var cache = new DirectRoomCache(new MatrixClient(http, proxy.Url, alice.AccessToken), alice.UserId, clock);
        proxy.Hang();

        // The read is bounded (about 2 s); the generous bound here only catches a read that hangs.
        var bound = TimeSpan.FromSeconds(30);
        Assert.False(await cache.IsDirectAsync("!one:localhost", null, CancellationToken.None).WaitAsync(bound));
        // Within the fresh window the failed read counts: ten more messages make no read at all (a retried read each
        // would take its 2 s bound, 20 s in all).
        var rest = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
                Assert.False(await cache.IsDirectAsync($"!m{i}:localhost", null, CancellationToken.None));
        });
        await rest.WaitAsync(TimeSpan.FromSeconds(10));
        proxy.Resume();
    }
}
