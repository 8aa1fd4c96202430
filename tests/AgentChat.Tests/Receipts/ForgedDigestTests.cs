using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Receipts;

/// <summary>Only the designated poster's digest holds the shared room's digest back: another agent's forged one suppresses nothing.</summary>
public sealed class ForgedDigestTests
{
    [Fact]
    public async Task A_forged_digest_from_another_agent_does_not_suppress_the_real_one()
    {
        // A long interval: with the forged digest counted, the keeper would post nothing for ten minutes.
        var env = new Dictionary<string, string> { ["AGENTCHAT_UNANSWERED_AFTER"] = "2", ["AGENTCHAT_DIGEST_INTERVAL"] = "600" };
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: env);
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: env);
        await Conversation.WaitRegisteredAsync(a, b);
        var (keeper, forger) = string.CompareOrdinal(alice.UserId.Value, bob.UserId.Value) < 0 ? (a, b) : (b, a);

        var question = await forger.SendAsync(new SendRequest { Text = "who reviews the release notes?", Kind = "question" });
        using var forgedMeta = JsonDocument.Parse("""{"notice": "digest"}""");
        await forger.SendAsync(new SendRequest { Text = "Nobody answered: nothing due (forged)", Kind = "status", Meta = forgedMeta.RootElement.Clone() });

        var digest = await Eventually.WaitAsync(async () =>
            (await Conversation.RoomMessagesAsync(owner, roomId)).LastOrDefault(e => Conversation.IsNotice(e, "digest")
                && e.Sender == keeper.User.UserId && e.ContentString("body")!.Contains(Uri.EscapeDataString(question.EventId), StringComparison.Ordinal)),
            TestDaemon.Timeout, "the keeper's digest lists the question despite the forged one");
        Assert.Contains("who reviews the release notes?", digest.ContentString("body"), StringComparison.Ordinal);
    }
}
