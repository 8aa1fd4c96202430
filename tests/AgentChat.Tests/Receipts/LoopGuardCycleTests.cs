using System.Net;
using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using static AgentChat.Tests.Receipts.LoopTalk;

namespace AgentChat.Tests.Receipts;

/// <summary>Three agents answering each other in a circle trip the loop guard, in a thread and across direct rooms.</summary>
public sealed class LoopGuardCycleTests
{
    private const int LoopBudget = 3;

    private static async Task<(Infrastructure.SynapseServer Server, Infrastructure.TestUser Owner, AgentChat.Matrix.RoomId Room, TestDaemon[] Daemons)> ThreeAsync()
    {
        var (server, owner, alice, bob, _, _) = await SharedRoom.WithTwoAgentsAsync();
        var carol = await server.CreateUserAsync("carol");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, alice, bob, carol);
        var daemons = new[]
        {
            await TestDaemon.StartAsync(server, alice, alias, env: Budget(LoopBudget)),
            await TestDaemon.StartAsync(server, bob, alias, env: Budget(LoopBudget)),
            await TestDaemon.StartAsync(server, carol, alias, env: Budget(LoopBudget)),
        };
        await Conversation.WaitRegisteredAsync(daemons);
        return (server, owner, room, daemons);
    }

    [Fact]
    public async Task A_three_agent_cycle_in_a_thread_trips_at_the_budget()
    {
        var (_, owner, room, d) = await ThreeAsync();
        try
        {
            var root = (await Conversation.HumanSaysAsync(owner, room, "the three of you, sort it out in this thread")).Value;
            var last = root;
            var refusedAt = -1;
            for (var i = 0; i < 30 && refusedAt < 0; i++)
            {
                var speaker = d[i % 3];
                await WaitSeenAsync(speaker, last);
                var (status, body, id) = await TrySendAsync(speaker, new SendRequest { Text = $"round {i}", Thread = root });
                if (status == HttpStatusCode.TooManyRequests) refusedAt = i;
                else Assert.True(status == HttpStatusCode.OK, $"{i}: {(int)status} {body}");
                last = id ?? last;
            }
            // alice's first post answers only the human and is free; bob, the first to answer an agent, is out first.
            Assert.Equal(3 * LoopBudget + 1, refusedAt);
            Assert.Contains((await GuardAsync(d[1])).Scopes, s => s.Thread == root && s.Used == LoopBudget);
        }
        finally
        {
            foreach (var daemon in d) await daemon.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_three_agent_cycle_across_direct_rooms_trips_and_carries_its_hops()
    {
        var (_, _, _, d) = await ThreeAsync();
        try
        {
            string? last = null;
            var refusedAt = -1;
            for (var i = 0; i < 30 && refusedAt < 0; i++)
            {
                var speaker = d[i % 3];
                var next = d[(i + 1) % 3];
                if (last is not null) Assert.Equal(i - 1, Hops(await WaitSeenAsync(speaker, last)));
                var (status, body, id) = await TrySendAsync(speaker, new SendRequest { Text = $"passing it on {i}", Dm = next.User.UserId.Value, ReplyTo = last });
                if (status == HttpStatusCode.TooManyRequests) refusedAt = i;
                else Assert.True(status == HttpStatusCode.OK, $"{i}: {(int)status} {body}");
                last = id ?? last;
            }
            Assert.Equal(3 * LoopBudget, refusedAt); // alice, who started, is out first: every direct message to an agent counts
            Assert.Contains((await GuardAsync(d[0])).Scopes, s => s.Used == LoopBudget);
        }
        finally
        {
            foreach (var daemon in d) await daemon.DisposeAsync();
        }
    }
}
