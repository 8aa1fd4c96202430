using AgentChat.Matrix;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using static AgentChat.Tests.Federation.FederatedAgents;

namespace AgentChat.Tests.Federation;

/// <summary>
/// Invites from another homeserver follow AGENTCHAT_ALLOWED_INVITERS (<c>:server</c> entries): left pending by
/// default, joined once allowed, even when the invite came before the change.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class FederatedInviteTests
{
    [Fact]
    public async Task An_invite_from_another_server_stays_pending_and_is_joined_after_a_restart_that_allows_that_server()
    {
        var (pair, alice, bob, stateDir, sharedAlias) = await BobOnHs2Async();
        RoomId dm;
        await using (var first = await TestDaemon.StartAsync(pair.Hs2, bob, sharedAlias, stateDir))
        {
            dm = await InviteBobAsync(alice, bob);
            await WaitLeftPendingAsync(pair.Hs2, bob, dm);
        }

        // Resuming from its sync token, the daemon would never see the invite again: it looks at pending ones at start.
        await using var second = await TestDaemon.StartAsync(pair.Hs2, bob, sharedAlias, stateDir,
            env: new Dictionary<string, string> { ["AGENTCHAT_ALLOWED_INVITERS"] = ":" + pair.Hs1.ServerName });
        await Eventually.WaitAsync(async () => (await bob.Client.GetJoinedRoomsAsync()).Contains(dm) ? "joined" : null,
            TestDaemon.Timeout, "bob's daemon joins the pending invite from hs1 after the restart");
    }

    [Fact]
    public async Task A_pending_invite_is_joined_once_the_config_file_allows_its_server()
    {
        var (pair, alice, bob, stateDir, sharedAlias) = await BobOnHs2Async();
        await using var daemon = await TestDaemon.StartAsync(pair.Hs2, bob, sharedAlias, stateDir);
        var dm = await InviteBobAsync(alice, bob);
        await WaitLeftPendingAsync(pair.Hs2, bob, dm);

        // The test daemon's config file (see TestDaemon): allowed_inviters changes while the daemon runs.
        await File.WriteAllTextAsync(Path.Combine(stateDir, "none.json"), $$"""{"allowed_inviters": [":{{pair.Hs1.ServerName}}"]}""");
        await Eventually.WaitAsync(async () => (await bob.Client.GetJoinedRoomsAsync()).Contains(dm) ? "joined" : null,
            TestDaemon.Timeout, "bob's daemon joins the pending invite once hs1 is allowed");
    }

    /// <summary>bob on hs2 with his shared room on his own server, and alice on hs1 who will invite him.</summary>
    private static async Task<(FederatedServers Pair, TestUser Alice, TestUser Bob, string StateDir, string SharedAlias)> BobOnHs2Async()
    {
        var pair = await FederatedServers.GetAsync();
        var alice = await pair.Hs1.CreateUserAsync("alice");
        var bob = await pair.Hs2.CreateUserAsync("bob");
        var owner = await pair.Hs2.CreateUserAsync("own");
        var (_, sharedAlias) = await SharedRoom.CreateAsync(pair.Hs2, owner, bob);
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "fed-invite-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(stateDir);
        return (pair, alice, bob, stateDir, sharedAlias);
    }

    private static Task<RoomId> InviteBobAsync(TestUser alice, TestUser bob) =>
        alice.Client.CreateRoomAsync(new CreateRoomRequest { IsDirect = true, Preset = "trusted_private_chat", Invite = [bob.UserId] }).WaitAsync(TestDaemon.Timeout);
}
