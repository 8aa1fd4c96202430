using System.Text;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Hostile;

/// <summary>
/// A room member writes a registry entry on a live name with a junk <c>claim</c>: each is skipped (it proves nothing),
/// the owner keeps its name, and no daemon or CLI stops. Real Synapse, real daemons.
/// </summary>
public sealed class JunkClaimTests
{
    [Fact]
    public async Task Junk_claims_on_a_live_name_are_skipped_and_the_owner_keeps_it()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var keeper = await TestDaemon.StartAsync(server, alice, alias, env: new Dictionary<string, string> { ["AGENTCHAT_INSTANCE"] = "keeper" });
        await using var observer = await TestDaemon.StartAsync(server, owner, alias);
        await bob.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        var message = await bob.Client.SendEventAsync(roomId, EventTypes.RoomMessage, """{"msgtype":"m.text","body":"a message, not a claim"}"""u8.ToArray(),
            "t" + Guid.NewGuid().ToString("N")).WaitAsync(TestDaemon.Timeout);

        string[] junk =
        [
            "5", "true", "null", """{"event_id":"$x"}""", """["$x"]""", "\"\"", "\"not-an-event-id\"", "\"$\"", "\"$does-not-exist\"",
            $"\"${new string('a', 400)}\"", "\"$with spaces and\\u0000control\"", "\"$../../_synapse/admin\"", "\"$x?y=z#w\"",
            $"\"{message.Value}\"", $"\"{roomId.Value}\"",
        ];
        var refused = new List<string>();
        foreach (var claim in junk)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var content = $$"""{"instance":"Keeper","kind":"persistent","started_at":1,"last_seen":{{now}},"ttl_ms":3600000,"status":"online","user_id":"{{bob.UserId}}","claim":{{claim}}}""";
            try
            {
                await bob.Client.PutStateAsync(roomId, InstanceEntry.EventType, bob.UserId.Value, Encoding.UTF8.GetBytes(content)).WaitAsync(TestDaemon.Timeout);
            }
            catch (MatrixException e) when (e.StatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                refused.Add(claim); // Synapse refuses a few itself; another homeserver, over federation, may not
                continue;
            }

            // The daemon's who sees the junk entry, and the name stays alice's.
            var who = await Eventually.WaitAsync(async () =>
            {
                var w = await observer.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
                return w.Instances.Any(r => r.UserId == bob.UserId.Value && r.LastSeen == now) ? w : null;
            }, TestDaemon.Timeout, $"bob's entry with claim {claim}");
            var contested = who.Instances.Single(r => r.UserId == bob.UserId.Value);
            Assert.True(contested.Contested, $"claim {claim}: bob's entry is not marked contested");
            Assert.Equal(alice.UserId.Value, contested.HeldBy);
            Assert.False(who.Instances.Single(r => r.UserId == alice.UserId.Value).Contested, $"claim {claim}: alice lost her name");
        }

        Assert.True(refused.Count <= 2, $"Synapse refused {refused.Count} claims: {string.Join(", ", refused)}");

        // Addressing still reaches the owner; both daemons are healthy; direct mode reads the registry too.
        var sent = await observer.SendAsync(new SendRequest { Text = "still yours?", To = ["keeper"] });
        var html = (await owner.Client.GetEventAsync(roomId, new EventId(sent.EventId)).WaitAsync(TestDaemon.Timeout)).ContentString("formatted_body") ?? "";
        Assert.Contains(alice.UserId.Value, html, StringComparison.Ordinal);
        Assert.DoesNotContain(bob.UserId.Value, html, StringComparison.Ordinal);
        foreach (var daemon in new[] { keeper, observer })
        {
            using var health = await daemon.Http.GetAsync("/health").WaitAsync(TestDaemon.Timeout);
            Assert.True(health.IsSuccessStatusCode);
        }
        using var direct = Cchat.For(server, owner, alias);
        var rows = CliJson.Who(await direct.OkAsync("who", "--json")).Instances;
        Assert.Equal(alice.UserId.Value, rows.Single(r => r.UserId == bob.UserId.Value).HeldBy);
    }
}
